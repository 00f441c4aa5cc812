package io.creditcast.command.chat.moderation;

import io.creditcast.chat.ChatEvent;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code chat_moderation_audit}: one row per moderation event, written in the transaction that stores
 * the event, keyed by the event id (a replay writes nothing twice). Rebuildable from the events.
 */
public class ModerationAudit {
    private final JdbcTemplate jdbc;

    public ModerationAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(
            long id,
            String streamId,
            String action,
            String actorId,
            String target,
            String reason,
            String detail,
            String occurredAt) {}

    public void record(String eventId, ChatEvent e, String action, String detail) {
        jdbc.update(
                "INSERT INTO chat_moderation_audit (event_id, stream_id, action, actor_id, target, reason, detail, occurred_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
                eventId,
                e.streamId(),
                action,
                e.actorId().value(),
                e.target(),
                e.reason(),
                detail,
                Timestamp.from(e.occurredAt()));
    }

    /** Newest first; {@code beforeId} is the cursor (exclusive), {@code streamId} optional. */
    public List<Entry> page(String streamId, long beforeId, int limit) {
        return jdbc.query(
                "SELECT * FROM chat_moderation_audit WHERE id < ? AND (?::text IS NULL OR stream_id = ?)"
                        + " ORDER BY id DESC LIMIT ?",
                (rs, i) -> new Entry(
                        rs.getLong("id"),
                        rs.getString("stream_id"),
                        rs.getString("action"),
                        rs.getString("actor_id"),
                        rs.getString("target"),
                        rs.getString("reason"),
                        rs.getString("detail"),
                        rs.getTimestamp("occurred_at").toInstant().toString()),
                beforeId,
                streamId,
                streamId,
                limit);
    }
}
