package io.creditcast.query.recording;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.security.Actor;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Params;
import io.creditcast.query.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Recordings (VOD) of ended streams, newest first: a creator sees their own streams' recordings, an admin everyone's
 * (optionally one creator's). Fed by {@code RecordingReady} (read model {@code read.recording}, projection
 * "analytics"). The playlist and MP4 URLs are where the media worker serves a stream's recording
 * ({@code /vod/{streamId}/master.m3u8}, {@code /vod/{streamId}/recording.mp4}) under
 * {@code creditcast.query.recordings.media-base-url}; protected streams need a playback token on them, as for live.
 */
@RestController
@Tag(name = "recordings")
public class RecordingsController {
    /** Largest page (the {@code limit} parameter); one more is a 400 on {@code limit}. */
    public static final int MAX_PAGE_SIZE = 100;

    public static final int DEFAULT_PAGE_SIZE = 20;

    private static final String CURSOR_PREFIX = "rc1:";

    private final DatabaseClient db;
    private final String mediaBaseUrl;
    private final Duration timeout;

    public RecordingsController(DatabaseClient db, QueryProperties properties) {
        this.db = db;
        this.mediaBaseUrl = properties.recordings().mediaBaseUrl().replaceAll("/+$", "");
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
    }

    /**
     * @param createdAt when the recording became ready (the stream's end plus finishing the playlists)
     * @param mp4Url the MP4 remux, or null when the worker made none
     */
    public record Recording(
            String streamId,
            String streamTitle,
            String creatorId,
            String ingestSessionId,
            long durationMs,
            Instant createdAt,
            String vodPlaylistUrl,
            String mp4Url) {}

    public record RecordingPage(List<Recording> recordings, String nextCursor) {}

    @GetMapping("/api/v1/recordings")
    @Operation(
            summary = "Recordings of ended streams, newest first; pass next_cursor for the next page",
            description = "Creators get their own streams' recordings (creator_id absent or their own id; another id is"
                    + " 403); admins get everyone's, or one creator's with creator_id. limit 1.." + MAX_PAGE_SIZE
                    + " (default " + DEFAULT_PAGE_SIZE + "); anything else is a 400 on limit.")
    public Mono<RecordingPage> recordings(
            Authentication auth,
            @Parameter(description = "whose recordings (admins: optional filter; creators: only their own id)")
                    @RequestParam(name = "creator_id", required = false)
                    String creatorId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        Actor actor = Actor.of(auth);
        int size = Params.pageSize(limit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, "limit");
        long before = decode(cursor);
        String creator;
        if (actor.has("admin")) {
            creator = creatorId == null || creatorId.isBlank() ? null : creatorId;
        } else if (creatorId == null || creatorId.equals(actor.userId().value())) {
            creator = actor.userId().value();
        } else {
            return Mono.error(new ApiException(ProblemTypes.FORBIDDEN, "only your own recordings"));
        }
        if (creator != null && creator.length() > 128) {
            return Mono.error(ApiException.field("creator_id", "must be at most 128 characters"));
        }
        var spec = db.sql("SELECT r.stream_id, s.title, s.creator_id, r.ingest_session_id, r.duration_ms,"
                        + " r.mp4_available, r.created_at, r.global_index"
                        + " FROM read.recording r JOIN read.stream s ON s.stream_id = r.stream_id"
                        + " WHERE r.global_index < :before"
                        + (creator == null ? "" : " AND s.creator_id = :creator")
                        + " ORDER BY r.global_index DESC LIMIT :limit")
                .bind("before", before)
                .bind("limit", size + 1);
        if (creator != null) {
            spec = spec.bind("creator", creator);
        }
        return spec.map(r -> new Row(
                        recording(
                                r.get("stream_id", String.class),
                                r.get("title", String.class),
                                r.get("creator_id", String.class),
                                r.get("ingest_session_id", String.class),
                                ((Number) r.get("duration_ms")).longValue(),
                                Boolean.TRUE.equals(r.get("mp4_available", Boolean.class)),
                                r.get("created_at", OffsetDateTime.class).toInstant()),
                        ((Number) r.get("global_index")).longValue()))
                .all()
                .collectList()
                .timeout(timeout)
                .map(rows -> {
                    boolean more = rows.size() > size;
                    List<Row> page = more ? rows.subList(0, size) : rows;
                    String next = more ? encode(page.get(page.size() - 1).globalIndex()) : null;
                    return new RecordingPage(page.stream().map(Row::recording).toList(), next);
                });
    }

    private record Row(Recording recording, long globalIndex) {}

    private Recording recording(
            String streamId,
            String title,
            String creatorId,
            String sessionId,
            long durationMs,
            boolean mp4,
            Instant createdAt) {
        String base = mediaBaseUrl + "/vod/" + streamId;
        return new Recording(
                streamId,
                title,
                creatorId,
                sessionId,
                durationMs,
                createdAt,
                base + "/master.m3u8",
                mp4 ? base + "/recording.mp4" : null);
    }

    static String encode(long globalIndex) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + globalIndex).getBytes(StandardCharsets.US_ASCII));
    }

    /** The global index to page below; absent → from the newest. Anything this service did not issue → 400. */
    static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            if (cursor.length() > 64) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!raw.startsWith(CURSOR_PREFIX)) {
                throw new IllegalArgumentException("unknown shape");
            }
            long index = Long.parseLong(raw.substring(CURSOR_PREFIX.length()));
            if (index < 0) {
                throw new IllegalArgumentException("negative");
            }
            return index;
        } catch (IllegalArgumentException e) {
            throw ApiException.field("cursor", "is not a cursor this service issued");
        }
    }
}
