package io.creditcast.media.playback;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Concurrent viewers per stream: a viewer (its token, else its address) counts while it fetched a playlist within
 * the window. At most {@code maxViewersPerStream} viewers are remembered per stream; more are not counted.
 */
public final class AudienceCounter {
    private final Duration window;
    private final int maxViewersPerStream;
    private final LongSupplier nanoClock;
    private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();

    public AudienceCounter(Duration window, int maxViewersPerStream, LongSupplier nanoClock) {
        this.window = window;
        this.maxViewersPerStream = maxViewersPerStream;
        this.nanoClock = nanoClock;
    }

    public void saw(String streamId, String viewer) {
        Map<String, Long> viewers = seen.computeIfAbsent(streamId, id -> new ConcurrentHashMap<>());
        if (viewers.size() < maxViewersPerStream || viewers.containsKey(viewer)) {
            viewers.put(viewer, nanoClock.getAsLong());
        }
    }

    /** Viewers seen within the window (forgets the others). */
    public long count(String streamId) {
        Map<String, Long> viewers = seen.get(streamId);
        if (viewers == null) {
            return 0;
        }
        long oldest = nanoClock.getAsLong() - window.toNanos();
        viewers.values().removeIf(t -> t < oldest);
        return viewers.size();
    }

    public java.util.Set<String> streams() {
        return seen.keySet();
    }

    public void forget(String streamId) {
        seen.remove(streamId);
    }
}
