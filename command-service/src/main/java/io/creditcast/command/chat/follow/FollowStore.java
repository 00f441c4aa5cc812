package io.creditcast.command.chat.follow;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code creator_follows} and {@code notifications}. */
public class FollowStore {
    private final JdbcTemplate jdbc;

    public FollowStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Notification(
            long id, String kind, String creatorId, String streamId, String title, String createdAt) {}

    public record Delivered(String userId, Notification notification) {}

    public long followingCount(String follower) {
        return jdbc.queryForObject("SELECT count(*) FROM creator_follows WHERE follower_id = ?", Long.class, follower);
    }

    public boolean isFollowing(String follower, String creator) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM creator_follows WHERE follower_id = ? AND creator_id = ?)",
                Boolean.class,
                follower,
                creator));
    }

    /** True when a new follow was recorded (following twice is the same follow). */
    public boolean follow(String follower, String creator) {
        return jdbc.update(
                        "INSERT INTO creator_follows (follower_id, creator_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        follower,
                        creator)
                == 1;
    }

    public boolean unfollow(String follower, String creator) {
        return jdbc.update("DELETE FROM creator_follows WHERE follower_id = ? AND creator_id = ?", follower, creator)
                == 1;
    }

    /**
     * One "went live" notification per follower, set-based; a second call for the same stream writes
     * nothing (the event may be delivered again).
     */
    public List<Delivered> notifyFollowersWentLive(String creator, String streamId, String title, Instant at) {
        return jdbc.query(
                "INSERT INTO notifications (user_id, kind, creator_id, stream_id, title, created_at)"
                        + " SELECT follower_id, 'creator_live', ?, ?, ?, ? FROM creator_follows WHERE creator_id = ?"
                        + " ON CONFLICT (user_id, kind, stream_id) DO NOTHING"
                        + " RETURNING id, user_id, kind, creator_id, stream_id, title, created_at",
                (rs, i) -> new Delivered(
                        rs.getString("user_id"),
                        new Notification(
                                rs.getLong("id"),
                                rs.getString("kind"),
                                rs.getString("creator_id"),
                                rs.getString("stream_id"),
                                rs.getString("title"),
                                rs.getTimestamp("created_at").toInstant().toString())),
                creator,
                streamId,
                title,
                Timestamp.from(at),
                creator);
    }

    public List<Notification> page(String user, long beforeId, int limit) {
        return jdbc.query(
                "SELECT * FROM notifications WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                (rs, i) -> new Notification(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getString("creator_id"),
                        rs.getString("stream_id"),
                        rs.getString("title"),
                        rs.getTimestamp("created_at").toInstant().toString()),
                user,
                beforeId,
                limit);
    }
}
