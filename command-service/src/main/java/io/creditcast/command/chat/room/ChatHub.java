package io.creditcast.command.chat.room;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.ledger.account.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The rooms and connections of this instance, and the connection caps (per user, per IP, on this
 * instance). Delivery to the other instances goes through {@code chat.fanout.RoomFanout}.
 */
public class ChatHub {
    private final int maxPerUser;
    private final int maxPerIp;
    private final ChatFrames frames;
    private final Map<String, Set<ChatConnection>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<ChatConnection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, Integer> byIp = new HashMap<>();
    private final Map<String, String> creatorOfStream = new ConcurrentHashMap<>();
    private final Set<String> viewerCountChanged = ConcurrentHashMap.newKeySet();

    public ChatHub(ChatProperties properties, ChatFrames frames) {
        this.maxPerUser = properties.maxConnectionsPerUser();
        this.maxPerIp = properties.maxConnectionsPerIp();
        this.frames = frames;
    }

    public sealed interface Admission {}

    public record Admitted() implements Admission {}

    public record Refused(String code, int limit) implements Admission {}

    /** Registers the connection unless a cap is reached; the caps are checked and taken atomically. */
    public synchronized Admission join(ChatConnection c, UserId creatorId) {
        int ipCount = byIp.getOrDefault(c.remoteIp(), 0);
        if (ipCount >= maxPerIp) {
            return new Refused("too_many_connections_from_ip", maxPerIp);
        }
        Set<ChatConnection> mine = byUser.computeIfAbsent(c.userId().value(), k -> ConcurrentHashMap.newKeySet());
        if (mine.size() >= maxPerUser) {
            if (mine.isEmpty()) {
                byUser.remove(c.userId().value());
            }
            return new Refused("too_many_connections_for_user", maxPerUser);
        }
        mine.add(c);
        byIp.put(c.remoteIp(), ipCount + 1);
        rooms.computeIfAbsent(c.streamId(), k -> ConcurrentHashMap.newKeySet()).add(c);
        creatorOfStream.put(c.streamId(), creatorId.value());
        viewerCountChanged.add(c.streamId());
        return new Admitted();
    }

    public synchronized void leave(ChatConnection c) {
        c.released();
        Set<ChatConnection> room = rooms.get(c.streamId());
        boolean removed = room != null && room.remove(c);
        if (!removed) {
            return;
        }
        if (room.isEmpty()) {
            rooms.remove(c.streamId());
            creatorOfStream.remove(c.streamId());
        }
        Set<ChatConnection> mine = byUser.get(c.userId().value());
        if (mine != null) {
            mine.remove(c);
            if (mine.isEmpty()) {
                byUser.remove(c.userId().value());
            }
        }
        byIp.computeIfPresent(c.remoteIp(), (k, n) -> n <= 1 ? null : n - 1);
        viewerCountChanged.add(c.streamId());
    }

    /**
     * The rooms whose connection count changed since the last call (called about once a second by
     * {@code ViewerCounts}): a crowd joining costs one frame per client per second, not one per join.
     */
    public Set<String> drainViewerCountChanges() {
        Set<String> changed = new HashSet<>();
        for (var it = viewerCountChanged.iterator(); it.hasNext(); ) {
            changed.add(it.next());
            it.remove();
        }
        return changed;
    }

    /** The rooms with at least one connection on this instance. */
    public Set<String> roomIds() {
        return Set.copyOf(rooms.keySet());
    }

    /** Users with at least one connection on this instance. */
    public Set<String> userIds() {
        return Set.copyOf(byUser.keySet());
    }

    public int viewers(String streamId) {
        Set<ChatConnection> room = rooms.get(streamId);
        return room == null ? 0 : room.size();
    }

    public synchronized int connectionsFromIp(String ip) {
        return byIp.getOrDefault(ip, 0);
    }

    /**
     * One frame to everyone in the room, encoded once. The connections are grouped by their delivery loop
     * (a channel's event loop) and each loop gets one task that queues the frame for all of its
     * connections: a message to 2,000 clients costs a handful of hand-offs, not 2,000.
     */
    public void broadcast(String streamId, String frameJson) {
        Set<ChatConnection> room = rooms.get(streamId);
        if (room == null) {
            return;
        }
        OutboundFrame frame = OutboundFrame.of(frameJson);
        Map<Executor, List<ChatConnection>> byLoop = new IdentityHashMap<>();
        for (ChatConnection c : room) {
            byLoop.computeIfAbsent(c.loop(), k -> new ArrayList<>()).add(c);
        }
        byLoop.forEach((loop, connections) -> {
            Runnable queueAll = () -> connections.forEach(c -> c.offerHere(frame));
            try {
                loop.execute(queueAll);
            } catch (RejectedExecutionException e) {
                connections.forEach(c -> c.closeWith(CloseReasons.SLOW_CONSUMER)); // that loop is shutting down
            }
        });
    }

    public boolean hasConnections(String userId) {
        return byUser.containsKey(userId);
    }

    public List<ChatConnection> connectionsOf(String userId) {
        Set<ChatConnection> mine = byUser.get(userId);
        return mine == null ? List.of() : List.copyOf(mine);
    }

    /** Every room whose stream belongs to this creator (tips name a creator, not a stream). */
    public List<String> roomsOfCreator(String creatorId) {
        return creatorOfStream.entrySet().stream()
                .filter(e -> e.getValue().equals(creatorId))
                .map(Map.Entry::getKey)
                .toList();
    }

    public void closeWhere(String streamId, Predicate<ChatConnection> which, String frameJson, CloseStatus status) {
        Set<ChatConnection> room = rooms.get(streamId);
        if (room != null) {
            for (ChatConnection c : room) {
                if (which.test(c)) {
                    c.offer(frameJson);
                    c.closeWith(status);
                }
            }
        }
    }
}
