package io.creditcast.command.payment.webhook;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable webhook inbox. A verified event is inserted (deduplicated on provider + event id)
 * before the provider gets its 2xx; processors claim due rows with a lease ({@code FOR UPDATE SKIP
 * LOCKED}), so a row is processed by one instance at a time, and an instance that dies mid-way only
 * delays the row until its lease ends.
 */
@Component
public class WebhookInbox {
    public enum Status {
        RECEIVED,
        PARKED,
        PROCESSED,
        IGNORED,
        DEAD
    }

    public record InboxEvent(
            long seq, String provider, String eventId, String eventType, String payload, int attempts) {}

    private final JdbcTemplate jdbc;

    public WebhookInbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the event is new; false for a duplicate delivery (already in the inbox). */
    public boolean insert(String provider, String eventId, String eventType, String payload, Status status) {
        return jdbc.update(
                        """
                        INSERT INTO webhook_inbox (provider, event_id, event_type, payload, status, processed_at)
                        VALUES (?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)
                        ON CONFLICT (provider, event_id) DO NOTHING
                        """,
                        provider,
                        eventId,
                        eventType,
                        payload,
                        status.name(),
                        status == Status.IGNORED)
                == 1;
    }

    /** Claims up to {@code limit} due events for {@code lease}, oldest first, counting the attempt. */
    public List<InboxEvent> claimDue(int limit, Duration lease) {
        return jdbc
                .query(
                        """
                        UPDATE webhook_inbox SET locked_until = now() + make_interval(secs => ?), attempts = attempts + 1
                        WHERE (provider, event_id) IN (
                            SELECT provider, event_id FROM webhook_inbox
                            WHERE status IN ('RECEIVED', 'PARKED') AND next_attempt_at <= now()
                              AND (locked_until IS NULL OR locked_until < now())
                            ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING seq, provider, event_id, event_type, payload, attempts
                        """,
                        (rs, i) -> new InboxEvent(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getInt(6)),
                        lease.toMillis() / 1000.0,
                        limit)
                .stream()
                .sorted(Comparator.comparingLong(InboxEvent::seq))
                .toList();
    }

    public void finish(InboxEvent e, Status status, String note) {
        jdbc.update(
                """
                UPDATE webhook_inbox SET status = ?, processed_at = now(), locked_until = NULL, last_error = ?
                WHERE provider = ? AND event_id = ?
                """,
                status.name(),
                truncate(note),
                e.provider(),
                e.eventId());
    }

    public void park(InboxEvent e, Duration delay, String reason) {
        jdbc.update(
                """
                UPDATE webhook_inbox SET status = 'PARKED', locked_until = NULL, last_error = ?,
                    next_attempt_at = now() + make_interval(secs => ?)
                WHERE provider = ? AND event_id = ?
                """,
                truncate(reason),
                delay.toMillis() / 1000.0,
                e.provider(),
                e.eventId());
    }

    /** Gives a claimed event back unprocessed (its attempt does not count). */
    public void release(InboxEvent e) {
        jdbc.update(
                "UPDATE webhook_inbox SET locked_until = NULL, attempts = GREATEST(attempts - 1, 0) WHERE provider = ? AND event_id = ?",
                e.provider(),
                e.eventId());
    }

    /** Makes parked events due now (something they may have waited for just happened). */
    public int wakeParked() {
        return jdbc.update(
                "UPDATE webhook_inbox SET next_attempt_at = now() WHERE status = 'PARKED' AND next_attempt_at > now()");
    }

    /** Forgets handled events older than the retention (dead ones stay for an operator). */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update(
                "DELETE FROM webhook_inbox WHERE status IN ('PROCESSED', 'IGNORED') AND received_at < now() - make_interval(secs => ?)",
                (double) retention.toSeconds());
    }

    private static String truncate(String s) {
        return s == null ? null : s.substring(0, Math.min(1000, s.length()));
    }
}
