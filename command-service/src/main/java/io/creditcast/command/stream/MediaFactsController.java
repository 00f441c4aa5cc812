package io.creditcast.command.stream;

import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.Stream;
import io.creditcast.stream.StreamCommands;
import io.creditcast.stream.StreamCommands.EndStream;
import io.creditcast.stream.StreamCommands.MarkIngestLost;
import io.creditcast.stream.StreamCommands.MarkStreamLive;
import io.creditcast.stream.StreamCommands.RecordAudience;
import io.creditcast.stream.StreamCommands.RecordRecordingReady;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The media worker's side door (role {@code service} only): authorize a publisher's key at connect, report media
 * facts, and read a stream's status (the worker polls it to cut ingest after a takedown). Every fact is idempotent,
 * so the worker may retry.
 */
@RestController
@RequestMapping("/api/v1/internal/media")
@Tag(name = "media (internal)")
public class MediaFactsController {
    private final CommandSender commands;
    private final AggregateReader reader;
    private final IngestHealth health;

    public MediaFactsController(CommandSender commands, AggregateReader reader, IngestHealth health) {
        this.commands = commands;
        this.reader = reader;
        this.health = health;
    }

    public record IngestAuthorizationRequest(
            @NotBlank @Size(max = StreamKey.MAX_KEY_CHARS) String streamKey, @NotNull IngestProtocol protocol) {}

    /**
     * @param resumeSessionId the live or paused session a reconnect continues, or null for a new session
     */
    public record IngestAuthorization(
            String streamId,
            StreamStatus status,
            AccessPolicy accessPolicy,
            boolean recordingEnabled,
            String resumeSessionId) {}

    public enum FactType {
        WENT_LIVE,
        INGEST_LOST,
        ENDED,
        RECORDING_READY,
        AUDIENCE,
        /** A periodic ingest-health sample of the live session (stored in place, not an event). */
        HEALTH
    }

    /** Largest input bitrate a health sample may claim (1 Gbit/s). */
    public static final long MAX_INPUT_BITRATE_KBPS = 1_000_000;

    public record MediaFact(
            @NotNull FactType type,
            @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String ingestSessionId,
            IngestProtocol protocol,
            @PositiveOrZero @Max(StreamCommands.MAX_RECORDING_DURATION_MS) Long durationMs,
            Boolean mp4Available,
            @PositiveOrZero @Max(StreamCommands.MAX_AUDIENCE) Long viewers,
            @PositiveOrZero @Max(StreamCommands.MAX_AUDIENCE) Long listeners,
            Boolean publisherConnected,
            @PositiveOrZero @Max(MAX_INPUT_BITRATE_KBPS) Long inputBitrateKbps,
            @DecimalMin("0") @DecimalMax("1000") Double encoderFps,
            @DecimalMin("0") @DecimalMax("1000") Double encoderSpeed,
            @PositiveOrZero @Max(1_000_000) Long encoderRestarts) {}

    /**
     * @param ingestSessionId the live or paused ingest session (after the end, the last one), null before the first:
     *     the worker refuses a relay on a stream live from another session
     */
    public record StreamStatusView(
            String streamId,
            StreamStatus status,
            AccessPolicy accessPolicy,
            String creatorId,
            String ingestSessionId) {}

    @PostMapping("/ingest-authorizations")
    @Operation(summary = "Authorize a publisher's stream key at connect: 200 with the stream, 403 when refused")
    public Mono<IngestAuthorization> authorize(@Valid @RequestBody IngestAuthorizationRequest request) {
        StreamKey key = StreamKey.parse(request.streamKey()).orElseThrow(() -> refused("not a stream key"));
        return commands.blocking(() -> {
            Authorized result;
            try {
                result = reader.read(
                        Stream.class,
                        key.streamId(),
                        s -> new Authorized(
                                s.authorizeIngest(key.hash()),
                                s.details().accessPolicy(),
                                s.details().recordingEnabled()));
            } catch (AggregateNotFoundException e) {
                throw refused("unknown or revoked key"); // same answer as a wrong key: no stream-id probing
            }
            var decision = result.decision();
            if (!decision.accepted()) {
                throw refused(decision.reason());
            }
            return new IngestAuthorization(
                    key.streamId(),
                    decision.status(),
                    result.accessPolicy(),
                    result.recordingEnabled(),
                    decision.status() == StreamStatus.SCHEDULED ? null : decision.currentSessionId());
        });
    }

    private record Authorized(Stream.IngestDecision decision, AccessPolicy accessPolicy, boolean recordingEnabled) {}

    @PostMapping("/streams/{streamId}/facts")
    @Operation(
            summary = "Report a media fact (went live, ingest lost, ended, recording ready, audience, health)",
            description = "HEALTH carries ingest_session_id, publisher_connected, encoder_restarts and, when"
                    + " measured, input_bitrate_kbps, encoder_fps, encoder_speed; it is kept (latest only) for the"
                    + " stream's live or paused session and is 409 for any other.")
    public Mono<StreamStatusView> report(@PathVariable String streamId, @Valid @RequestBody MediaFact fact) {
        StreamController.checkId(streamId);
        if (fact.type() == FactType.HEALTH) {
            return recordHealth(streamId, fact);
        }
        Object command =
                switch (fact.type()) {
                    case WENT_LIVE ->
                        new MarkStreamLive(
                                streamId,
                                required(fact.ingestSessionId(), "ingest_session_id"),
                                required(fact.protocol(), "protocol"));
                    case INGEST_LOST ->
                        new MarkIngestLost(streamId, required(fact.ingestSessionId(), "ingest_session_id"));
                    case ENDED -> new EndStream(streamId, required(fact.ingestSessionId(), "ingest_session_id"));
                    case RECORDING_READY ->
                        new RecordRecordingReady(
                                streamId,
                                required(fact.ingestSessionId(), "ingest_session_id"),
                                required(fact.durationMs(), "duration_ms"),
                                Boolean.TRUE.equals(fact.mp4Available()));
                    case AUDIENCE ->
                        new RecordAudience(
                                streamId,
                                required(fact.viewers(), "viewers"),
                                fact.listeners() == null ? 0 : fact.listeners());
                    case HEALTH -> throw new IllegalStateException("handled above");
                };
        return commands.send(command).then(status(streamId));
    }

    /** Stored only for the stream's current live or paused session; anything else is a 409 (a late sample). */
    private Mono<StreamStatusView> recordHealth(String streamId, MediaFact fact) {
        var sample = new IngestHealth.Sample(
                required(fact.ingestSessionId(), "ingest_session_id"),
                required(fact.publisherConnected(), "publisher_connected"),
                fact.inputBitrateKbps(),
                fact.encoderFps(),
                fact.encoderSpeed(),
                required(fact.encoderRestarts(), "encoder_restarts"));
        return commands.blocking(() -> {
            record Current(StreamStatusView view, String sessionId) {}
            Current current = reader.read(
                    Stream.class,
                    streamId,
                    s -> new Current(
                            new StreamStatusView(
                                    s.streamId(),
                                    s.status(),
                                    s.details().accessPolicy(),
                                    s.creatorId().value(),
                                    s.sessionId()),
                            s.sessionId()));
            StreamStatus status = current.view().status();
            if ((status != StreamStatus.LIVE && status != StreamStatus.PAUSED)
                    || !sample.ingestSessionId().equals(current.sessionId())) {
                throw new LedgerRejection(
                        LedgerRejection.Reason.CONFLICTING_STATE,
                        "health is recorded only for the stream's live session; the stream is " + status,
                        Map.of("status", status));
            }
            health.record(streamId, sample, java.time.Instant.now());
            return current.view();
        });
    }

    @GetMapping("/streams/{streamId}")
    @Operation(
            summary = "A stream's status, access policy, creator and current ingest session (the worker cuts ingest"
                    + " when it is TAKEN_DOWN, lets only the creator or an admin start a relay, and refuses a relay on a"
                    + " stream live from another session)")
    public Mono<StreamStatusView> status(@PathVariable String streamId) {
        StreamController.checkId(streamId);
        return commands.blocking(() -> reader.read(
                Stream.class,
                streamId,
                s -> new StreamStatusView(
                        s.streamId(),
                        s.status(),
                        s.details().accessPolicy(),
                        s.creatorId().value(),
                        s.sessionId())));
    }

    private static ApiException refused(String reason) {
        return new ApiException(
                ProblemTypes.NOT_ALLOWED,
                "ingest refused: " + reason,
                List.of(new ApiException.FieldError("stream_key", reason)),
                Map.of());
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.field(field, "required for this fact type");
        }
        return value;
    }
}
