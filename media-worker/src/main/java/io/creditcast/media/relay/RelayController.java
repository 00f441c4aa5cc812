package io.creditcast.media.relay;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.playback.PlaybackController;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.ProblemType;
import io.creditcast.security.Authorities;
import io.creditcast.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The audio relay: {@code POST/DELETE /api/v1/streams/{id}/relay}, {@code GET /api/v1/streams/{id}/status}, and
 * playback of the relayed audio at {@code /relay/{id}/master.m3u8} (HLS) and {@code /relay/{id}/stream.mp3}
 * (continuous MP3), both under the playback-token rule of live streams.
 */
@RestController
@Tag(name = "relay", description = "Icecast/Shoutcast audio relay to HLS and MP3")
public class RelayController {
    static final String MP3_FILE = "stream.mp3";
    public static final ProblemType RELAY_OFFLINE =
            ProblemType.of("relay-offline", "The relay is offline", HttpStatus.SERVICE_UNAVAILABLE);
    public static final ProblemType RELAY_LISTENERS_FULL = ProblemType.of(
            "relay-listeners-full", "This relay has as many listeners as it serves", HttpStatus.SERVICE_UNAVAILABLE);
    public static final ProblemType NOT_STREAM_OWNER = ProblemType.of(
            "not-stream-owner", "Only the stream's creator or an admin may do this", HttpStatus.FORBIDDEN);
    private static final String ADMIN_AUTHORITY = Authorities.role(Roles.ADMIN);
    private static final MediaType AUDIO_MPEG = MediaType.parseMediaType("audio/mpeg");

    /** The body of {@code POST /api/v1/streams/{id}/relay}. */
    public record StartRelay(@JsonProperty("source_url") String sourceUrl) {}

    private final RelayManager relays;
    private final PlaybackController playback;
    private final MediaCommandClient commandSide;

    public RelayController(RelayManager relays, PlaybackController playback, MediaCommandClient commandSide) {
        this.relays = relays;
        this.playback = playback;
        this.commandSide = commandSide;
    }

    @PostMapping(
            path = "/api/v1/streams/{streamId}/relay",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Relay an Icecast/Shoutcast source into this stream",
            description = "201 once the source answered with audio and the encoder runs; 400 for a malformed URL,"
                    + " 422 (field source_url) when the source is refused (non-public address) or unreachable or"
                    + " not audio, 409 when the stream already has a relay or takes no source, 409 stream-already-live"
                    + " (field stream_id) when it is live or paused from an RTMP/SRT publisher, 503 at capacity;"
                    + " 403 not-stream-owner unless the caller is the stream's creator or an admin.")
    public Mono<ResponseEntity<RelayStatusView>> start(
            @PathVariable String streamId, @RequestBody(required = false) StartRelay body, Authentication caller) {
        return Mono.fromCallable(() -> {
                    assertOwnerOrAdmin(streamId, caller);
                    return relays.start(streamId, body == null ? null : body.sourceUrl(), caller.getName());
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(relay -> ResponseEntity.created(URI.create("/api/v1/streams/" + streamId + "/status"))
                        .body(RelayStatusView.of(relay)));
    }

    @DeleteMapping("/api/v1/streams/{streamId}/relay")
    @Operation(
            summary = "Stop the relay: 204 once its encoder is gone and its files are deleted; 404 without one;"
                    + " 403 not-stream-owner unless the caller is the stream's creator or an admin")
    public Mono<ResponseEntity<Void>> stop(@PathVariable String streamId, Authentication caller) {
        return Mono.fromRunnable(() -> {
                    assertOwnerOrAdmin(streamId, caller);
                    relays.stop(streamId);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    @GetMapping(path = "/api/v1/streams/{streamId}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Relay status: current track, bitrate, listeners, uptime, connectivity",
            description = "503 relay-offline when the stream has no relay or its source is disconnected.")
    public RelayStatusView status(@PathVariable String streamId) {
        RelayManager.checkStreamId(streamId);
        Relay relay = relays.relay(streamId).orElseThrow(() -> offline("stream " + streamId + " has no relay"));
        if (!relay.connected()) {
            throw offline("the relay of stream " + streamId + " has lost its source");
        }
        return RelayStatusView.of(relay);
    }

    @GetMapping("/relay/{streamId}/" + MP3_FILE)
    @Operation(summary = "The relayed audio as one continuous MP3 stream (token required unless public)")
    public ResponseEntity<Flux<DataBuffer>> mp3(
            @PathVariable String streamId, @RequestParam(required = false) String token) {
        Relay relay = playing(streamId);
        playback.authorize(streamId, relay.accessPolicy(), token);
        Flux<byte[]> chunks = relay.listenMp3()
                .orElseThrow(() -> new ApiProblemException(
                        RELAY_LISTENERS_FULL, "the relay serves no more MP3 listeners", List.of()));
        return ResponseEntity.ok()
                .contentType(AUDIO_MPEG)
                .cacheControl(CacheControl.noStore())
                .body(chunks.map(DefaultDataBufferFactory.sharedInstance::wrap));
    }

    @GetMapping("/relay/{streamId}/{*path}")
    @Operation(summary = "The relayed audio as live HLS: master.m3u8, audio/index.m3u8, segments")
    public Mono<ResponseEntity<?>> hls(
            @PathVariable String streamId,
            @PathVariable String path,
            @RequestParam(required = false) String token,
            ServerHttpRequest request) {
        Relay relay = playing(streamId);
        Mono<ResponseEntity<?>> response =
                playback.serveLive(streamId, relay.directory(), path, relay.accessPolicy(), token);
        if (path.endsWith(".m3u8")) {
            relay.sawHlsListener(token != null ? token : String.valueOf(request.getRemoteAddress()));
        }
        return response;
    }

    /**
     * Admins may relay into any stream; a creator only into their own. Blocking (asks the command side); an
     * unreadable stream fails closed.
     */
    private void assertOwnerOrAdmin(String streamId, Authentication caller) {
        RelayManager.checkStreamId(streamId);
        boolean admin = caller.getAuthorities().stream().anyMatch(a -> ADMIN_AUTHORITY.equals(a.getAuthority()));
        if (admin) {
            return;
        }
        String creatorId = commandSide
                .creatorId(streamId)
                .orElseThrow(() -> new ApiProblemException(
                        NOT_STREAM_OWNER, "the stream's creator cannot be confirmed right now", List.of()));
        if (!creatorId.equals(caller.getName())) {
            throw new ApiProblemException(NOT_STREAM_OWNER, "stream " + streamId + " is not yours", List.of());
        }
    }

    private Relay playing(String streamId) {
        RelayManager.checkStreamId(streamId);
        return relays.relay(streamId)
                .filter(relay -> !relay.stopping())
                .orElseThrow(() -> new ApiProblemException(
                        PlaybackController.STREAM_NOT_PLAYING, "the stream has no relay", List.of()));
    }

    private static ApiProblemException offline(String detail) {
        return new ApiProblemException(RELAY_OFFLINE, detail, List.of());
    }
}
