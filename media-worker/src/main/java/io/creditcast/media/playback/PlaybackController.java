package io.creditcast.media.playback;

import io.creditcast.media.ingest.LiveSessions;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.ProblemType;
import io.creditcast.stream.AccessPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves live HLS ({@code /live/{streamId}/hls/master.m3u8}, segments, {@code thumbnail.jpg}) and the latest
 * recording ({@code /vod/{streamId}/master.m3u8}). Streams that are not public need a valid playback token
 * ({@code ?token=}); playlists are rewritten so every URI they list carries the same token. A stream that is not
 * live (ended, taken down) has no live files: 404.
 */
@RestController
@Tag(name = "playback")
public class PlaybackController {
    public static final ProblemType PLAYBACK_FORBIDDEN =
            ProblemType.of("playback-forbidden", "A valid playback token is required", HttpStatus.FORBIDDEN);
    public static final ProblemType STREAM_NOT_PLAYING =
            ProblemType.of("stream-not-playing", "Nothing to play for this stream", HttpStatus.NOT_FOUND);
    public static final ProblemType RECORDING_MP4_NOT_AVAILABLE =
            ProblemType.of("recording-mp4-not-available", "The recording has no MP4 (yet)", HttpStatus.NOT_FOUND);
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){1,4}");
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]+)\"");
    private static final MediaType M3U8 = MediaType.parseMediaType("application/vnd.apple.mpegurl");
    private static final MediaType MPEG_TS = MediaType.parseMediaType("video/mp2t");
    private static final MediaType MP4 = MediaType.parseMediaType("video/mp4");

    private final LiveSessions sessions;
    private final PlaybackTokens tokens;
    private final AudienceCounter audience;
    private final PlaybackProperties properties;

    public PlaybackController(
            LiveSessions sessions, PlaybackTokens tokens, AudienceCounter audience, PlaybackProperties properties) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.audience = audience;
        this.properties = properties;
    }

    @GetMapping("/live/{streamId}/{*path}")
    @Operation(summary = "Live HLS playlists, segments and thumbnail (token required unless the stream is public)")
    public Mono<ResponseEntity<?>> live(
            @PathVariable String streamId,
            @PathVariable String path,
            @RequestParam(required = false) String token,
            ServerHttpRequest request) {
        checkShape(streamId, path);
        var session = sessions.session(streamId)
                .orElseThrow(() -> new ApiProblemException(STREAM_NOT_PLAYING, "the stream is not live", List.of()));
        authorize(streamId, session.accessPolicy(), token);
        if (path.endsWith(".m3u8")) {
            audience.saw(streamId, token != null ? token : String.valueOf(request.getRemoteAddress()));
        }
        return serve(session.directory(), path, token, session.accessPolicy(), true);
    }

    @GetMapping("/vod/{streamId}/{*path}")
    @Operation(summary = "The latest recording of a stream as HLS VOD (token required unless the stream is public)")
    public Mono<ResponseEntity<?>> vod(
            @PathVariable String streamId, @PathVariable String path, @RequestParam(required = false) String token) {
        checkShape(streamId, path);
        var recording = sessions.recording(streamId)
                .orElseThrow(() -> new ApiProblemException(STREAM_NOT_PLAYING, "no recording", List.of()));
        authorize(streamId, recording.accessPolicy(), token);
        return serve(recording.hlsDirectory(), path, token, recording.accessPolicy(), false);
    }

    @GetMapping("/vod/{streamId}/recording.mp4")
    @Operation(
            summary = "The latest recording of a stream as one MP4 (token required unless the stream is public)",
            description = "404 recording-mp4-not-available unless creditcast.media.ingest.recording-mp4 is on and"
                    + " the remux of that recording has finished. Range requests are answered.")
    public Mono<ResponseEntity<?>> vodMp4(@PathVariable String streamId, @RequestParam(required = false) String token) {
        checkShape(streamId, "/recording.mp4");
        var recording = sessions.recording(streamId)
                .orElseThrow(() -> new ApiProblemException(STREAM_NOT_PLAYING, "no recording", List.of()));
        authorize(streamId, recording.accessPolicy(), token);
        Path mp4 = recording
                .mp4()
                .orElseThrow(() ->
                        new ApiProblemException(RECORDING_MP4_NOT_AVAILABLE, "this recording has no MP4", List.of()));
        return Mono.fromCallable(() -> {
                    if (!Files.isRegularFile(mp4)) {
                        throw new ApiProblemException(
                                RECORDING_MP4_NOT_AVAILABLE, "this recording has no MP4", List.of());
                    }
                    return ResponseEntity.ok()
                            .contentType(MP4)
                            .cacheControl(scoped(
                                    CacheControl.maxAge(java.time.Duration.ofSeconds(properties.segmentMaxAgeS())),
                                    recording.accessPolicy()))
                            .<Object>body(new FileSystemResource(mp4));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(r -> (ResponseEntity<?>) r);
    }

    /**
     * Serves a file of a live HLS directory another feature owns (the audio relay) with the same rules as live
     * ingest: shape check, playback token unless public, token-carrying playlists and the live cache headers.
     */
    public Mono<ResponseEntity<?>> serveLive(
            String streamId, Path directory, String path, AccessPolicy policy, String token) {
        checkShape(streamId, path);
        authorize(streamId, policy, token);
        return serve(directory, path, token, policy, true);
    }

    /** 403 {@code playback-forbidden} unless the stream is public or {@code token} is valid for it. */
    public void authorize(String streamId, AccessPolicy policy, String token) {
        if (policy != AccessPolicy.PUBLIC && !tokens.verify(streamId, token)) {
            throw new ApiProblemException(
                    PLAYBACK_FORBIDDEN, "this stream needs a valid, unexpired playback token", List.of());
        }
    }

    private Mono<ResponseEntity<?>> serve(Path base, String path, String token, AccessPolicy policy, boolean live) {
        Path file = base.resolve(path.substring(1)).normalize();
        if (!file.startsWith(base)) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "no such file", List.of());
        }
        return Mono.fromCallable(() -> {
                    if (!Files.isRegularFile(file)) {
                        throw new ApiProblemException(ProblemType.NOT_FOUND, "no such file", List.of());
                    }
                    String name = file.getFileName().toString();
                    if (name.endsWith(".m3u8")) {
                        String playlist = withToken(Files.readString(file), token);
                        CacheControl cache = live && !playlist.contains("#EXT-X-ENDLIST")
                                ? CacheControl.maxAge(java.time.Duration.ofSeconds(properties.liveManifestMaxAgeS()))
                                : CacheControl.maxAge(java.time.Duration.ofSeconds(properties.segmentMaxAgeS()));
                        return ResponseEntity.ok()
                                .contentType(M3U8)
                                .cacheControl(scoped(cache, policy))
                                .<Object>body(playlist);
                    }
                    MediaType type = name.endsWith(".ts")
                            ? MPEG_TS
                            : name.endsWith(".jpg") ? MediaType.IMAGE_JPEG : MediaType.APPLICATION_OCTET_STREAM;
                    CacheControl cache = name.endsWith(".jpg")
                            ? CacheControl.maxAge(java.time.Duration.ofSeconds(properties.liveManifestMaxAgeS()))
                            : CacheControl.maxAge(java.time.Duration.ofSeconds(properties.segmentMaxAgeS()))
                                    .immutable();
                    return ResponseEntity.ok()
                            .contentType(type)
                            .cacheControl(scoped(cache, policy))
                            .<Object>body(new FileSystemResource(file));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(
                        IOException.class,
                        e -> new ApiProblemException(ProblemType.NOT_FOUND, "no such file", List.of()))
                .map(r -> (ResponseEntity<?>) r);
    }

    private static CacheControl scoped(CacheControl cache, AccessPolicy policy) {
        return policy == AccessPolicy.PUBLIC ? cache.cachePublic() : cache.cachePrivate();
    }

    /** Appends {@code ?token=} to every URI line and {@code URI="..."} attribute of a playlist. */
    static String withToken(String playlist, String token) {
        if (token == null) {
            return playlist;
        }
        String suffix = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(playlist.length() + 256);
        for (String line : playlist.split("\n", -1)) {
            if (line.isBlank()) {
                out.append(line);
            } else if (line.startsWith("#")) {
                Matcher m = URI_ATTRIBUTE.matcher(line);
                out.append(m.replaceAll(r -> Matcher.quoteReplacement("URI=\"" + r.group(1) + suffix + "\"")));
            } else {
                out.append(line.strip()).append(suffix);
            }
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static void checkShape(String streamId, String path) {
        if (!STREAM_ID.matcher(streamId).matches() || !PATH.matcher(path).matches()) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "no such file", List.of());
        }
    }
}
