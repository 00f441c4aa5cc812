package io.creditcast.query.analytics;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.security.Actor;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Params.TimeRange;
import io.creditcast.query.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Stream analytics for the stream's creator (and admins/auditors): concurrent viewers per minute, peak,
 * unique viewers, watch time, tips, messages and retention over a window of at most one day.
 */
@RestController
public class StreamAnalyticsController {
    /** Retention is reported at these minutes after a session started. */
    static final List<Integer> RETENTION_MINUTES = List.of(1, 5, 10, 30, 60);

    private final DatabaseClient db;
    private final QueryProperties properties;
    private final Duration timeout;

    public StreamAnalyticsController(DatabaseClient db, QueryProperties properties) {
        this.db = db;
        this.properties = properties;
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
    }

    public record CcuPoint(Instant minute, long viewers) {}

    public record Retention(int afterMinutes, double share) {}

    public record Analytics(
            String streamId,
            String creatorId,
            String status,
            Instant from,
            Instant to,
            List<CcuPoint> ccu,
            long peakViewers,
            Instant peakAt,
            long uniqueViewers,
            long sessions,
            long totalWatchMs,
            long averageWatchMs,
            long paidMinor,
            long tipCount,
            long tipMinor,
            Long messageCount,
            List<Retention> retention) {}

    private record StreamInfo(String creatorId, String status, Instant createdAt) {}

    @Operation(summary = "CCU per minute, peak, unique viewers, watch time, tips and retention of a stream")
    @GetMapping("/api/v1/streams/{streamId}/analytics")
    public Mono<Analytics> analytics(
            Authentication auth,
            @PathVariable String streamId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        TimeRange requested = TimeRange.of(from, to);
        int maxMinutes = properties.limits().maxAnalyticsMinutes();
        Actor actor = Actor.of(auth);
        return db.sql("SELECT creator_id, status, created_at FROM read.stream WHERE stream_id = :s")
                .bind("s", streamId)
                .map(r -> new StreamInfo(
                        r.get("creator_id", String.class),
                        r.get("status", String.class),
                        r.get("created_at", OffsetDateTime.class).toInstant()))
                .one()
                .timeout(timeout)
                .switchIfEmpty(Mono.error(new ApiException(ProblemTypes.UNKNOWN_STREAM, "no stream " + streamId)))
                .flatMap(info -> {
                    if (!info.creatorId().equals(actor.userId().value())
                            && !actor.has("admin")
                            && !actor.has("auditor")) {
                        return Mono.error(new ApiException(ProblemTypes.FORBIDDEN, "only the stream's creator"));
                    }
                    Instant f = requested.from() != null ? requested.from() : info.createdAt();
                    Instant t = requested.to() != null ? requested.to() : f.plus(Duration.ofMinutes(maxMinutes));
                    if (Duration.between(f, t).toMinutes() > maxMinutes) {
                        return Mono.error(
                                ApiException.field("to", "the window must not exceed " + maxMinutes + " minutes"));
                    }
                    return compute(streamId, info, f, t);
                });
    }

    private Mono<Analytics> compute(String streamId, StreamInfo info, Instant from, Instant to) {
        OffsetDateTime f = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime t = to.atOffset(ZoneOffset.UTC);
        Mono<List<CcuPoint>> ccu = db.sql("SELECT minute, COUNT(*) AS n FROM read.stream_minute"
                        + " WHERE stream_id = :s AND minute >= :f AND minute < :t GROUP BY minute ORDER BY minute")
                .bind("s", streamId)
                .bind("f", f)
                .bind("t", t)
                .map(r -> new CcuPoint(
                        r.get("minute", OffsetDateTime.class).toInstant(), ((Number) r.get("n")).longValue()))
                .all()
                .collectList();
        Mono<long[]> sessions = db.sql("SELECT COUNT(*) AS n, COUNT(DISTINCT viewer_id) AS u,"
                        + " COALESCE(SUM(watch_ms), 0) AS w, COALESCE(SUM(paid_minor), 0) AS p"
                        + " FROM read.viewing_session WHERE stream_id = :s AND started_at >= :f AND started_at < :t")
                .bind("s", streamId)
                .bind("f", f)
                .bind("t", t)
                .map(r -> new long[] {
                    ((Number) r.get("n")).longValue(),
                    ((Number) r.get("u")).longValue(),
                    ((Number) r.get("w")).longValue(),
                    ((Number) r.get("p")).longValue()
                })
                .one();
        StringBuilder retentionSql = new StringBuilder("SELECT COUNT(*) AS n");
        for (int m : RETENTION_MINUTES) {
            retentionSql
                    .append(", COUNT(*) FILTER (WHERE watch_ms >= ")
                    .append(m * 60_000L)
                    .append(") AS r")
                    .append(m);
        }
        retentionSql.append(" FROM read.viewing_session WHERE stream_id = :s AND started_at >= :f AND started_at < :t");
        Mono<List<Retention>> retention = db.sql(retentionSql.toString())
                .bind("s", streamId)
                .bind("f", f)
                .bind("t", t)
                .map(r -> {
                    long n = ((Number) r.get("n")).longValue();
                    List<Retention> out = new ArrayList<>();
                    for (int m : RETENTION_MINUTES) {
                        long kept = ((Number) r.get("r" + m)).longValue();
                        out.add(new Retention(m, n == 0 ? 0.0 : Math.round(kept * 10_000.0 / n) / 10_000.0));
                    }
                    return out;
                })
                .one();
        // tips reach the creator, not a stream: count the creator's tips in minutes the stream had viewers
        Mono<long[]> tips = db.sql("SELECT COALESCE(SUM(t.tip_count), 0) AS n, COALESCE(SUM(t.tip_minor), 0) AS a"
                        + " FROM read.creator_tip_minute t WHERE t.creator_id = :c AND t.minute >= :f AND t.minute < :t"
                        + " AND EXISTS (SELECT 1 FROM read.stream_minute m WHERE m.stream_id = :s"
                        + " AND m.minute = t.minute)")
                .bind("c", info.creatorId())
                .bind("s", streamId)
                .bind("f", f)
                .bind("t", t)
                .map(r -> new long[] {((Number) r.get("n")).longValue(), ((Number) r.get("a")).longValue()})
                .one();
        return Mono.zip(ccu, sessions, retention, tips).timeout(timeout).map(z -> {
            List<CcuPoint> points = z.getT1();
            CcuPoint peak = null;
            for (CcuPoint p : points) {
                if (peak == null || p.viewers() > peak.viewers()) {
                    peak = p;
                }
            }
            long[] s = z.getT2();
            return new Analytics(
                    streamId,
                    info.creatorId(),
                    info.status(),
                    from,
                    to,
                    points,
                    peak == null ? 0 : peak.viewers(),
                    peak == null ? null : peak.minute(),
                    s[1],
                    s[0],
                    s[2],
                    s[0] == 0 ? 0 : s[2] / s[0],
                    s[3],
                    z.getT4()[0],
                    z.getT4()[1],
                    null, // chat messages: no chat events exist yet
                    z.getT3());
        });
    }
}
