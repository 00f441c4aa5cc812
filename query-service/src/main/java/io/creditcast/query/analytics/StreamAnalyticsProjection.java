package io.creditcast.query.analytics;

import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import io.creditcast.ledger.wallet.WalletEvent.ViewingSessionStarted;
import io.creditcast.query.eventstore.GlobalIndex;
import io.creditcast.query.projection.BatchedStatements;
import io.creditcast.query.projection.Projections;
import io.creditcast.query.projection.SqlArrays;
import io.creditcast.stream.StreamEvent;
import io.creditcast.stream.StreamEvent.AudienceMeasured;
import io.creditcast.stream.StreamEvent.PassAccepted;
import io.creditcast.stream.StreamEvent.RecordingReady;
import io.creditcast.stream.StreamEvent.StreamCreated;
import io.creditcast.stream.StreamEvent.StreamEnded;
import io.creditcast.stream.StreamEvent.StreamKeyIssued;
import io.creditcast.stream.StreamEvent.StreamPaused;
import io.creditcast.stream.StreamEvent.StreamResumed;
import io.creditcast.stream.StreamEvent.StreamScheduled;
import io.creditcast.stream.StreamEvent.StreamTakenDown;
import io.creditcast.stream.StreamEvent.StreamWentLive;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projection "analytics": streams, viewing sessions (watch time, paid intervals), per-minute presence
 * (CCU), tips per creator and minute, and each stream's recording ({@code read.recording}, listed by
 * {@code RecordingsController}). Media facts (went live, ended, viewer counts) are meant to land
 * in {@code read.stream} through handlers added here when those events exist.
 */
@Component
@ProcessingGroup(Projections.ANALYTICS)
public class StreamAnalyticsProjection {
    private final JdbcTemplate jdbc;

    public StreamAnalyticsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Channel on which committed stream status changes are announced ({@code "<stream id> <status>"}). */
    public static final String STATUS_CHANNEL = "creditcast_stream_status";

    @EventHandler
    void on(StreamEvent event, MetaData metaData, ReplayStatus replay) {
        long index = GlobalIndex.of(metaData);
        if (replay == ReplayStatus.REGULAR) {
            announce(event);
        }
        switch (event) {
            case StreamCreated e ->
                batch().add(
                                "read.stream",
                                "INSERT INTO read.stream (stream_id, creator_id, title, category, created_at,"
                                        + " last_global_index) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream_id) DO NOTHING",
                                e.streamId(),
                                e.creatorId().value(),
                                e.title(),
                                e.category(),
                                Timestamp.from(e.occurredAt()),
                                index);
            // media facts: live status and audience
            case StreamWentLive e -> status(e.streamId(), "live", "went_live_at", e.occurredAt(), index);
            case StreamResumed e -> status(e.streamId(), "live", null, null, index);
            case StreamPaused e -> status(e.streamId(), "paused", null, null, index);
            case StreamEnded e -> status(e.streamId(), "ended", "ended_at", e.occurredAt(), index);
            case StreamTakenDown e -> status(e.streamId(), "taken_down", "ended_at", e.occurredAt(), index);
            case AudienceMeasured e ->
                batch().add(
                                "read.stream",
                                "UPDATE read.stream SET viewer_count = ?, last_global_index = ?"
                                        + " WHERE stream_id = ? AND last_global_index < ?",
                                (int) Math.min(Integer.MAX_VALUE, e.viewers() + e.listeners()),
                                index,
                                e.streamId(),
                                index);
            case StreamScheduled e -> {
                // details are discovery's concern
            }
            case StreamKeyIssued e -> {
                // keys never reach read models
            }
            case PassAccepted e -> {
                // entitlements are checked at playback, not analysed
            }
            case RecordingReady e ->
                batch().add(
                                "read.recording",
                                "INSERT INTO read.recording (stream_id, ingest_session_id, duration_ms, mp4_available,"
                                        + " created_at, global_index) VALUES (?, ?, ?, ?, ?, ?)"
                                        + " ON CONFLICT (stream_id) DO NOTHING",
                                e.streamId(),
                                e.ingestSessionId(),
                                e.durationMs(),
                                e.mp4Available(),
                                Timestamp.from(e.occurredAt()),
                                index);
        }
    }

    /**
     * Status changes of this batch, announced with {@code pg_notify} in its transaction (heard only once
     * committed; the newest status per stream). Not during a replay: nothing changes for a viewer then.
     */
    private void announce(StreamEvent event) {
        String status =
                switch (event) {
                    case StreamWentLive e -> "live";
                    case StreamResumed e -> "live";
                    case StreamPaused e -> "paused";
                    case StreamEnded e -> "ended";
                    case StreamTakenDown e -> "taken_down";
                    default -> null;
                };
        if (status == null) {
            return;
        }
        Map<String, String> batch = BatchedStatements.ofCurrentBatch(
                Projections.ANALYTICS + ".status-notices", LinkedHashMap<String, String>::new, notices -> {
                    List<String> payloads = new ArrayList<>();
                    notices.forEach((stream, s) -> payloads.add(stream + " " + s));
                    new SqlArrays()
                            .texts(payloads)
                            .query(
                                    jdbc,
                                    "SELECT pg_notify('" + STATUS_CHANNEL + "', m) FROM unnest(?::text[]) AS m",
                                    rs -> {
                                        // nothing to read
                                    });
                });
        batch.remove(event.streamId());
        batch.put(event.streamId(), status);
    }

    /** Moves a stream's status forward; {@code timeColumn} (when given) records when. Ended streams count no viewers. */
    private void status(String streamId, String status, String timeColumn, Instant at, long index) {
        String viewers = status.equals("live") ? "" : ", viewer_count = 0";
        String time = timeColumn == null ? "" : ", " + timeColumn + " = ?";
        Object[] args = timeColumn == null
                ? new Object[] {status, index, streamId, index}
                : new Object[] {status, Timestamp.from(at), index, streamId, index};
        batch().add(
                        "read.stream",
                        "UPDATE read.stream SET status = ?" + time + viewers + ", last_global_index = ?"
                                + " WHERE stream_id = ? AND last_global_index < ?",
                        args);
    }

    @EventHandler
    void on(WalletEvent event, MetaData metaData) {
        long index = GlobalIndex.of(metaData);
        switch (event) {
            case ViewingSessionStarted e ->
                batch().add(
                                "read.viewing_session",
                                "INSERT INTO read.viewing_session (session_id, stream_id, viewer_id, creator_id,"
                                        + " rate_per_interval_minor, interval_ms, started_at, last_global_index)"
                                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
                                e.sessionId(),
                                e.streamId(),
                                e.walletId().value(),
                                e.creatorId().value(),
                                e.ratePerInterval().minor(),
                                e.intervalMs(),
                                Timestamp.from(e.occurredAt()),
                                index);
            case IntervalDebited e -> {
                batch().add(
                                "read.viewing_session",
                                "UPDATE read.viewing_session SET interval_count = interval_count + 1,"
                                        + " watch_ms = watch_ms + interval_ms, paid_minor = paid_minor + ?,"
                                        + " last_interval_at = ?, last_global_index = ?"
                                        + " WHERE session_id = ? AND last_global_index < ?",
                                e.amount().minor(),
                                Timestamp.from(e.occurredAt()),
                                index,
                                e.sessionId(),
                                index);
                batch().add(
                                "read.stream_minute",
                                "INSERT INTO read.stream_minute (stream_id, minute, session_id) VALUES (?, ?, ?)"
                                        + " ON CONFLICT DO NOTHING",
                                e.streamId(),
                                Timestamp.from(minute(e.occurredAt())),
                                e.sessionId());
            }
            case TipSent e ->
                batch().add(
                                "read.creator_tip_minute",
                                // once per event (read.applied_event): tips of different wallets can arrive out
                                // of global-index order when a slow transaction fills its gap late
                                "WITH first_time AS (INSERT INTO read.applied_event (target, global_index)"
                                        + " VALUES ('creator_tip_minute', ?) ON CONFLICT DO NOTHING RETURNING global_index)"
                                        + " INSERT INTO read.creator_tip_minute (creator_id, minute, tip_count, tip_minor,"
                                        + " last_global_index) SELECT ?, ?, 1, ?, global_index FROM first_time"
                                        + " ON CONFLICT (creator_id, minute) DO UPDATE SET"
                                        + " tip_count = creator_tip_minute.tip_count + 1,"
                                        + " tip_minor = creator_tip_minute.tip_minor + excluded.tip_minor,"
                                        + " last_global_index = GREATEST(creator_tip_minute.last_global_index,"
                                        + " excluded.last_global_index)",
                                index,
                                e.creatorId().value(),
                                Timestamp.from(minute(e.occurredAt())),
                                e.amount().minor());
            default -> {
                // not relevant to stream analytics
            }
        }
    }

    /** This processor batch's statements, sent at prepare-commit in event order per table. */
    private BatchedStatements batch() {
        return BatchedStatements.ofCurrentBatch(Projections.ANALYTICS, jdbc);
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE read.stream, read.viewing_session, read.stream_minute, read.creator_tip_minute,"
                + " read.recording");
        jdbc.update("DELETE FROM read.applied_event WHERE target = 'creator_tip_minute'");
    }

    static Instant minute(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES);
    }
}
