package io.creditcast.query.analytics;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A creator's public profile data: the streams live now and the most recent ones with when they went live
 * and ended, from the analytics projection ({@code read.stream}, {@code read.viewing_session}). Public,
 * like discovery: nothing in it is private to the creator (earnings and analytics are not included).
 */
@RestController
public class CreatorStreamsController {
    /** Most recent streams returned at once (the profile shows the latest; older ones are not paged). */
    public static final int MAX_STREAMS = 100;

    public static final int DEFAULT_STREAMS = 20;
    /** The longest creator id (the column's width). */
    public static final int MAX_CREATOR_ID_CHARS = 128;

    private final DatabaseClient db;
    private final Duration timeout;

    public CreatorStreamsController(DatabaseClient db, QueryProperties properties) {
        this.db = db;
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
    }

    public record CreatorStream(
            String streamId,
            String title,
            String category,
            String status,
            int viewerCount,
            Instant createdAt,
            Instant wentLiveAt,
            Instant endedAt,
            long viewingSessions,
            long watchMs) {}

    public record CreatorStreams(String creatorId, boolean live, long totalStreams, List<CreatorStream> streams) {}

    @Operation(
            summary = "A creator's streams, most recent first (live ones first), with when they went live and ended"
                    + " and how many viewing sessions they had")
    @GetMapping("/api/v1/creators/{creatorId}/streams")
    public Mono<CreatorStreams> streams(@PathVariable String creatorId, @RequestParam(required = false) Integer limit) {
        if (creatorId.isBlank() || creatorId.length() > MAX_CREATOR_ID_CHARS) {
            throw ApiException.field("creator_id", "must be 1 to " + MAX_CREATOR_ID_CHARS + " characters");
        }
        int size = limit == null ? DEFAULT_STREAMS : limit;
        if (size < 1 || size > MAX_STREAMS) {
            throw ApiException.field("limit", "must be between 1 and " + MAX_STREAMS);
        }
        Mono<List<CreatorStream>> streams = db.sql("SELECT s.stream_id, s.title, s.category, s.status, s.viewer_count,"
                        + " s.created_at, s.went_live_at, s.ended_at,"
                        + " (SELECT count(*) FROM read.viewing_session v WHERE v.stream_id = s.stream_id) AS sessions,"
                        + " (SELECT coalesce(sum(v.watch_ms), 0) FROM read.viewing_session v"
                        + " WHERE v.stream_id = s.stream_id) AS watch_ms"
                        + " FROM read.stream s WHERE s.creator_id = :creator"
                        + " ORDER BY (s.status = 'live') DESC, coalesce(s.went_live_at, s.created_at) DESC, s.stream_id"
                        + " LIMIT :size")
                .bind("creator", creatorId)
                .bind("size", size)
                .map(r -> new CreatorStream(
                        r.get("stream_id", String.class),
                        r.get("title", String.class),
                        r.get("category", String.class),
                        r.get("status", String.class),
                        r.get("viewer_count", Integer.class),
                        instant(r.get("created_at", OffsetDateTime.class)),
                        instant(r.get("went_live_at", OffsetDateTime.class)),
                        instant(r.get("ended_at", OffsetDateTime.class)),
                        r.get("sessions", Long.class),
                        r.get("watch_ms", Long.class)))
                .all()
                .collectList();
        Mono<Long> total = db.sql("SELECT count(*) AS n FROM read.stream WHERE creator_id = :creator")
                .bind("creator", creatorId)
                .map(r -> r.get("n", Long.class))
                .one();
        return Mono.zip(streams, total)
                .timeout(timeout)
                .map(t -> new CreatorStreams(
                        creatorId, t.getT1().stream().anyMatch(s -> "live".equals(s.status())), t.getT2(), t.getT1()));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
