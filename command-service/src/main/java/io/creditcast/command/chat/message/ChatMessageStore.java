package io.creditcast.command.chat.message;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code chat_messages}: every accepted message, with its stream, author, time and id. */
public class ChatMessageStore {
    private static final RowMapper<StoredMessage> ROW = (rs, i) -> new StoredMessage(
            rs.getLong("id"),
            rs.getString("stream_id"),
            rs.getString("user_id"),
            rs.getString("text"),
            rs.getBoolean("highlighted"),
            rs.getLong("paid_minor"),
            rs.getString("client_msg_id"),
            rs.getTimestamp("sent_at").toInstant());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ChatMessageStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The flood limits checked against every instance's accepted messages (the rows of this table). */
    public record Limits(
            int maxMessages, long windowMs, long duplicateWindowMs, int slowModeS, boolean slowModeExempt) {}

    /** Stored, or refused by a limit (with the same decision the in-memory limiter would give). */
    public sealed interface Insert {}

    public record Inserted(StoredMessage message) implements Insert {}

    public record Refused(SendLimiter.Decision decision) implements Insert {}

    /**
     * Inserts the message unless one of the user's limits is reached, counted over the messages every
     * instance accepted: the user's rows are serialised by a transaction-scoped advisory lock on the user, so
     * two instances cannot both let the eleventh message through. Same rules as {@link SendLimiter}: slow
     * mode per room, the rate over all rooms, the duplicate text per room (case-insensitive).
     */
    public Insert insertWithinLimits(
            String streamId,
            String userId,
            String text,
            boolean highlighted,
            String clientMsgId,
            Instant sentAt,
            Limits limits) {
        return tx.execute(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> {}, "chat-user:" + userId);
            long nowMs = sentAt.toEpochMilli();
            if (limits.slowModeS() > 0 && !limits.slowModeExempt()) {
                Timestamp last = jdbc.queryForObject(
                        "SELECT max(sent_at) FROM chat_messages WHERE user_id = ? AND stream_id = ?",
                        Timestamp.class,
                        userId,
                        streamId);
                if (last != null) {
                    long nextMs = last.getTime() + limits.slowModeS() * 1000L;
                    if (nowMs < nextMs) {
                        return new Refused(new SendLimiter.SlowMode(nextMs - nowMs, limits.slowModeS()));
                    }
                }
            }
            // the newest maxMessages of the window are enough to decide; the oldest of them says when to retry
            var inWindow = jdbc.queryForMap(
                    "SELECT count(*) AS n, min(sent_at) AS oldest FROM (SELECT sent_at FROM chat_messages"
                            + " WHERE user_id = ? AND sent_at > ? ORDER BY sent_at DESC LIMIT ?) newest",
                    userId,
                    new Timestamp(nowMs - limits.windowMs()),
                    limits.maxMessages());
            if (((Number) inWindow.get("n")).longValue() >= limits.maxMessages()) {
                long oldestMs = ((Timestamp) inWindow.get("oldest")).getTime();
                return new Refused(new SendLimiter.RateLimited(
                        Math.max(1, oldestMs + limits.windowMs() - nowMs),
                        limits.maxMessages(),
                        limits.windowMs() / 1000));
            }
            if (limits.duplicateWindowMs() > 0) {
                boolean duplicate = !jdbc.queryForList(
                                "SELECT 1 FROM chat_messages WHERE user_id = ? AND stream_id = ? AND sent_at > ?"
                                        + " AND lower(text) = lower(?) LIMIT 1",
                                Integer.class,
                                userId,
                                streamId,
                                new Timestamp(nowMs - limits.duplicateWindowMs()),
                                text)
                        .isEmpty();
                if (duplicate) {
                    return new Refused(new SendLimiter.Duplicate());
                }
            }
            return new Inserted(insert(streamId, userId, text, highlighted, 0, clientMsgId, sentAt));
        });
    }

    public record StoredMessage(
            long id,
            String streamId,
            String userId,
            String text,
            boolean highlighted,
            long paidMinor,
            String clientMsgId,
            Instant sentAt) {}

    public StoredMessage insert(
            String streamId,
            String userId,
            String text,
            boolean highlighted,
            long paidMinor,
            String clientMsgId,
            Instant sentAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(
                c -> {
                    var ps = c.prepareStatement(
                            "INSERT INTO chat_messages (stream_id, user_id, text, highlighted, paid_minor, client_msg_id, sent_at)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                            new String[] {"id"});
                    ps.setString(1, streamId);
                    ps.setString(2, userId);
                    ps.setString(3, text);
                    ps.setBoolean(4, highlighted);
                    ps.setLong(5, paidMinor);
                    ps.setString(6, clientMsgId);
                    ps.setTimestamp(7, Timestamp.from(sentAt));
                    return ps;
                },
                keys);
        long id = keys.getKey().longValue();
        return new StoredMessage(id, streamId, userId, text, highlighted, paidMinor, clientMsgId, sentAt);
    }

    public Optional<StoredMessage> byClientId(String streamId, String userId, String clientMsgId) {
        return jdbc
                .query(
                        "SELECT * FROM chat_messages WHERE stream_id = ? AND user_id = ? AND client_msg_id = ?",
                        ROW,
                        streamId,
                        userId,
                        clientMsgId)
                .stream()
                .findFirst();
    }

    public Optional<StoredMessage> byId(String streamId, long id) {
        return jdbc.query("SELECT * FROM chat_messages WHERE stream_id = ? AND id = ?", ROW, streamId, id).stream()
                .findFirst();
    }

    /** The newest {@code limit} visible messages, oldest first. */
    public List<StoredMessage> recent(String streamId, int limit) {
        List<StoredMessage> newestFirst = new ArrayList<>(jdbc.query(
                "SELECT * FROM chat_messages WHERE stream_id = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT ?",
                ROW,
                streamId,
                limit));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public void markDeleted(String streamId, long id, String actorId, Instant at) {
        jdbc.update(
                "UPDATE chat_messages SET deleted_at = ?, deleted_by = ? WHERE stream_id = ? AND id = ? AND deleted_at IS NULL",
                Timestamp.from(at),
                actorId,
                streamId,
                id);
    }
}
