package io.creditcast.command.stream;

import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.UserId;
import io.creditcast.stream.Stream;
import io.creditcast.stream.StreamStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Go-live status with health for the creator studio: the stream's status and audience (the {@code Stream}
 * aggregate) and the media worker's latest ingest sample for the current session ({@link IngestHealth}). Only what
 * the worker measured is answered; nothing is estimated.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "streams")
public class IngestHealthController {
    /** A sample older than this is marked stale (the worker reports every 5 s by default). */
    public static final Duration STALE_AFTER = Duration.ofSeconds(20);

    private final CommandSender commands;
    private final AggregateReader reader;
    private final IngestHealth health;
    private final Clock clock = Clock.systemUTC();

    public IngestHealthController(CommandSender commands, AggregateReader reader, IngestHealth health) {
        this.commands = commands;
        this.reader = reader;
        this.health = health;
    }

    /**
     * @param liveSince when the current (or last) session went live
     * @param health the latest sample of the current session while live or paused; null otherwise or before the first
     */
    public record IngestHealthView(
            String streamId,
            StreamStatus status,
            String ingestSessionId,
            Instant liveSince,
            long viewers,
            long listeners,
            Health health) {}

    /** @param ageMs how long ago the worker reported it; {@code stale} past {@link #STALE_AFTER} */
    public record Health(
            Instant reportedAt,
            long ageMs,
            boolean stale,
            boolean publisherConnected,
            Long inputBitrateKbps,
            Double encoderFps,
            Double encoderSpeed,
            long encoderRestarts) {}

    private record Current(
            UserId creatorId,
            StreamStatus status,
            String sessionId,
            Instant wentLiveAt,
            long viewers,
            long listeners) {}

    @GetMapping("/streams/{streamId}/ingest-health")
    @Operation(
            summary = "Go-live status with ingest health (the stream's creator, moderators, admins)",
            description = "Status, live since, viewers/listeners, and the media worker's latest sample of the current"
                    + " session: publisher connected, input bitrate, encoder fps and speed, encoder restarts, with its"
                    + " age (stale after 20 s). health is null when the stream is not live/paused or nothing was"
                    + " reported for this session yet. Poll it (the studio does every 5 s).")
    public Mono<IngestHealthView> get(@PathVariable String streamId, Authentication auth) {
        StreamController.checkId(streamId);
        Actor actor = Actor.of(auth);
        return commands.blocking(() -> {
            Current s = reader.read(
                    Stream.class,
                    streamId,
                    x -> new Current(
                            x.creatorId(), x.status(), x.sessionId(), x.wentLiveAt(), x.viewers(), x.listeners()));
            if (!s.creatorId().equals(actor.userId()) && !actor.has("admin") && !actor.has("moderator")) {
                throw new ApiException(ProblemTypes.FORBIDDEN, "only the stream's creator, moderators and admins");
            }
            boolean on = s.status() == StreamStatus.LIVE || s.status() == StreamStatus.PAUSED;
            IngestHealth.Reported r = on && s.sessionId() != null ? health.latest(streamId, s.sessionId()) : null;
            Health h = null;
            if (r != null) {
                long ageMs = Math.max(
                        0, Duration.between(r.reportedAt(), clock.instant()).toMillis());
                var x = r.sample();
                h = new Health(
                        r.reportedAt(),
                        ageMs,
                        ageMs > STALE_AFTER.toMillis(),
                        x.publisherConnected(),
                        x.inputBitrateKbps(),
                        x.encoderFps(),
                        x.encoderSpeed(),
                        x.encoderRestarts());
            }
            return new IngestHealthView(
                    streamId, s.status(), s.sessionId(), s.wentLiveAt(), s.viewers(), s.listeners(), h);
        });
    }
}
