package io.creditcast.media.playback;

import io.creditcast.media.command.MediaFact;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One audience report per stream and tick: viewers of its live session (from the {@link AudienceCounter}) plus
 * listeners of its relay ({@link ListenerCounts}), sent only when the pair changed. A stream with neither a live
 * session nor listeners is forgotten. Not thread-safe: one timer calls {@link #tick()}.
 */
public final class AudienceReports {
    private final AudienceCounter viewers;
    private final Predicate<String> hasLiveSession;
    private final Supplier<List<ListenerCounts>> listenerCounts;
    private final BiConsumer<String, MediaFact.Audience> report;
    private final Map<String, MediaFact.Audience> lastReported = new ConcurrentHashMap<>();

    public AudienceReports(
            AudienceCounter viewers,
            Predicate<String> hasLiveSession,
            Supplier<List<ListenerCounts>> listenerCounts,
            BiConsumer<String, MediaFact.Audience> report) {
        this.viewers = viewers;
        this.hasLiveSession = hasLiveSession;
        this.listenerCounts = listenerCounts;
        this.report = report;
    }

    public void tick() {
        Map<String, Long> listeners = new HashMap<>();
        listenerCounts.get().forEach(counts -> counts.byStream().forEach((id, n) -> listeners.merge(id, n, Long::sum)));
        Set<String> streams = new HashSet<>(viewers.streams());
        streams.addAll(listeners.keySet());
        streams.addAll(lastReported.keySet());
        for (String streamId : streams) {
            boolean live = hasLiveSession.test(streamId);
            if (!live) {
                viewers.forget(streamId);
            }
            if (!live && !listeners.containsKey(streamId)) {
                lastReported.remove(streamId);
                continue;
            }
            MediaFact.Audience now =
                    new MediaFact.Audience(live ? viewers.count(streamId) : 0, listeners.getOrDefault(streamId, 0L));
            if (!now.equals(lastReported.put(streamId, now))) {
                report.accept(streamId, now);
            }
        }
    }
}
