package io.creditcast.command.chat.room;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The connection caps over every instance: each chat connection is a row of {@code chat_connections}, taken
 * at join and deleted at leave, and a join counts the user's and the IP's rows of every live instance in the
 * transaction that inserts its own, serialised by transaction-scoped advisory locks on the user and on the
 * IP (always in that order, so two joins never wait on each other in a cycle). Every instance reports itself
 * alive in {@code chat_instances} every {@link #HEARTBEAT_MS}; the rows of an instance not heard of for
 * {@link #INSTANCE_STALE_S} (it died without deleting them) stop counting, and are deleted after
 * {@link #INSTANCE_FORGET_S}. A row this instance no longer knows of (a leave whose delete failed) is deleted
 * at the next heartbeat once older than {@link #ORPHAN_AFTER_S}.
 */
public class ConnectionRegistry {
    private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

    public static final long HEARTBEAT_MS = 10_000;
    /** An instance not heard of for this long no longer holds connections (3 missed heartbeats). */
    public static final long INSTANCE_STALE_S = 30;
    /** An instance not heard of for this long is deleted with its rows. */
    public static final long INSTANCE_FORGET_S = 600;
    /** A row of this instance that it does not know of is deleted once this old (never one being inserted). */
    public static final long ORPHAN_AFTER_S = 60;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String instanceId;
    private final int maxPerUser;
    private final int maxPerIp;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile boolean alive;

    public ConnectionRegistry(
            JdbcTemplate jdbc, TransactionTemplate tx, String instanceId, int maxPerUser, int maxPerIp) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.instanceId = instanceId;
        this.maxPerUser = maxPerUser;
        this.maxPerIp = maxPerIp;
    }

    /** Registers the connection unless its user or IP already holds the cap on the live instances. */
    public ChatHub.Admission admit(ChatConnection c) {
        if (!alive) {
            heartbeat();
        }
        String user = c.userId().value();
        return tx.execute(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> {}, "chat-conn-user:" + user);
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> {}, "chat-conn-ip:" + c.remoteIp());
            long fromIp = count("remote_ip", c.remoteIp());
            if (fromIp >= maxPerIp) {
                return new ChatHub.Refused("too_many_connections_from_ip", maxPerIp);
            }
            long ofUser = count("user_id", user);
            if (ofUser >= maxPerUser) {
                return new ChatHub.Refused("too_many_connections_for_user", maxPerUser);
            }
            registered.add(c.id()); // before the insert: the heartbeat never takes it for an orphan
            try {
                jdbc.update(
                        "INSERT INTO chat_connections (connection_id, instance_id, user_id, remote_ip)"
                                + " VALUES (?, ?, ?, ?)",
                        c.id(),
                        instanceId,
                        user,
                        c.remoteIp());
            } catch (RuntimeException e) {
                registered.remove(c.id());
                throw e;
            }
            return new ChatHub.Admitted();
        });
    }

    private long count(String column, String value) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM chat_connections c JOIN chat_instances i USING (instance_id) WHERE c." + column
                        + " = ? AND i.seen_at > now() - make_interval(secs => ?)",
                Long.class,
                value,
                (double) INSTANCE_STALE_S);
    }

    /** Deletes the connection's row (blocking: call it off the event loop); a second call does nothing. */
    public void release(ChatConnection c) {
        if (!registered.remove(c.id())) {
            return;
        }
        try {
            jdbc.update("DELETE FROM chat_connections WHERE connection_id = ?", c.id());
        } catch (RuntimeException e) {
            log.warn(
                    "chat connection {} could not be released now (the heartbeat deletes it): {}",
                    c.id(),
                    e.toString());
        }
    }

    /** Connections of this instance in the registry (bounded by the connections open here). */
    public int registered() {
        return registered.size();
    }

    /** Reports this instance alive, deletes its orphaned rows and forgets instances long gone. */
    public void heartbeat() {
        jdbc.update(
                "INSERT INTO chat_instances (instance_id) VALUES (?)"
                        + " ON CONFLICT (instance_id) DO UPDATE SET seen_at = now()",
                instanceId);
        alive = true;
        String[] known = registered.toArray(String[]::new);
        jdbc.update(
                "DELETE FROM chat_connections WHERE instance_id = ? AND opened_at < now() - make_interval(secs => ?)"
                        + " AND NOT (connection_id = ANY (?::text[]))",
                ps -> {
                    ps.setString(1, instanceId);
                    ps.setDouble(2, ORPHAN_AFTER_S);
                    ps.setArray(3, ps.getConnection().createArrayOf("text", known));
                });
        jdbc.update(
                "DELETE FROM chat_connections WHERE instance_id IN (SELECT instance_id FROM chat_instances"
                        + " WHERE seen_at < now() - make_interval(secs => ?))",
                (double) INSTANCE_FORGET_S);
        jdbc.update("DELETE FROM chat_instances WHERE seen_at < now() - make_interval(secs => ?)", (double)
                INSTANCE_FORGET_S);
    }

    /** This instance stops: its rows are deleted at once instead of going stale. */
    public void shutdown() {
        try {
            jdbc.update("DELETE FROM chat_connections WHERE instance_id = ?", instanceId);
            jdbc.update("DELETE FROM chat_instances WHERE instance_id = ?", instanceId);
        } catch (RuntimeException e) {
            log.warn("chat connection registry not cleared at stop (its rows go stale): {}", e.toString());
        }
        registered.clear();
    }
}
