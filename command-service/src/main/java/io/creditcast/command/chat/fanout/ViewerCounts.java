package io.creditcast.command.chat.fanout;

import io.creditcast.command.chat.fanout.RoomNotice.ViewerCount;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.chat.room.ChatHub;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The viewer count of a room across instances: each instance publishes its own count of a room when it
 * changes (at most once per {@link #flush} call, about once a second) and every
 * {@link #HEARTBEAT_MS} for all its rooms; the frame shows this instance's count plus the others' latest
 * counts. A count not refreshed for {@link #STALE_MS} (an instance that stopped or lost its bus) is
 * forgotten.
 */
public class ViewerCounts {
    public static final long HEARTBEAT_MS = 10_000;
    public static final long STALE_MS = 30_000;
    /** Rooms with counts from other instances remembered; past this the oldest knowledge is cleared. */
    public static final int MAX_REMOTE_ROOMS = 100_000;

    private final ChatHub hub;
    private final ChatFrames frames;
    private final NoticeBus bus;
    private final Map<String, Map<String, Remote>> remote = new ConcurrentHashMap<>();
    private final Set<String> remoteChanged = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> lastSentTotal = new HashMap<>();
    private long lastHeartbeatMs = Long.MIN_VALUE / 2;

    private record Remote(int count, long seenAtMs) {}

    public ViewerCounts(ChatHub hub, ChatFrames frames, NoticeBus bus) {
        this.hub = hub;
        this.frames = frames;
        this.bus = bus;
    }

    /** Another instance's count of a room. */
    void remote(ViewerCount v) {
        if (remote.size() >= MAX_REMOTE_ROOMS && !remote.containsKey(v.streamId())) {
            remote.clear();
        }
        var perInstance = remote.computeIfAbsent(v.streamId(), k -> new ConcurrentHashMap<>());
        if (v.count() <= 0) {
            perInstance.remove(v.instanceId());
        } else {
            perInstance.put(v.instanceId(), new Remote(v.count(), System.currentTimeMillis()));
        }
        remoteChanged.add(v.streamId());
    }

    /** Publishes this instance's changed counts and sends rooms whose total changed their new count. */
    public synchronized void flush(long nowMs) {
        Set<String> localChanged = new HashSet<>(hub.drainViewerCountChanges());
        Set<String> toPublish = new HashSet<>(localChanged);
        if (nowMs - lastHeartbeatMs >= HEARTBEAT_MS) {
            lastHeartbeatMs = nowMs;
            toPublish.addAll(hub.roomIds());
            expireStale(nowMs);
        }
        for (String streamId : toPublish) {
            bus.publish(new ViewerCount(streamId, bus.instanceId(), hub.viewers(streamId)));
        }
        Set<String> changed = new HashSet<>(localChanged);
        for (var it = remoteChanged.iterator(); it.hasNext(); ) {
            changed.add(it.next());
            it.remove();
        }
        for (String streamId : changed) {
            if (hub.viewers(streamId) == 0) {
                lastSentTotal.remove(streamId);
                continue;
            }
            int total = total(streamId);
            Integer before = lastSentTotal.put(streamId, total);
            if (localChanged.contains(streamId) || !Objects.equals(before, total)) {
                hub.broadcast(streamId, frames.viewers(total));
            }
        }
    }

    /** Connections in the room on this instance plus the latest counts of the others. */
    public int total(String streamId) {
        int sum = hub.viewers(streamId);
        var perInstance = remote.get(streamId);
        if (perInstance != null) {
            for (Remote r : perInstance.values()) {
                sum += r.count();
            }
        }
        return sum;
    }

    private void expireStale(long nowMs) {
        remote.forEach((streamId, perInstance) -> {
            if (perInstance.values().removeIf(r -> r.seenAtMs() < nowMs - STALE_MS)) {
                remoteChanged.add(streamId);
            }
            if (perInstance.isEmpty()) {
                remote.remove(streamId, perInstance);
            }
        });
    }
}
