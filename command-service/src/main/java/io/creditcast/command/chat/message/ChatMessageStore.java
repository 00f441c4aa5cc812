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

    public ChatMessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
