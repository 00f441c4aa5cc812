package io.creditcast.query.discovery;

import io.creditcast.query.projection.Projections;
import io.creditcast.stream.StreamEvent;
import io.creditcast.stream.StreamEvent.StreamCreated;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Projection "discovery": creators and streams in Elasticsearch. Documents are written whole with the
 * event's global index as external version (idempotent under redelivery). A reset starts a new index
 * generation; the alias switches once the replay has caught up. Media facts (live/ended, viewer counts)
 * will call {@link DiscoveryIndex#patch} on {@code stream:<id>} when those events exist.
 */
@ProcessingGroup(Projections.DISCOVERY)
public class DiscoveryProjection {
    private final DiscoveryIndex index;

    public DiscoveryProjection(DiscoveryIndex index) {
        this.index = index;
    }

    @EventHandler
    void on(StreamEvent event, TrackingToken token) {
        long version = token.position().orElseThrow();
        switch (event) {
            case StreamCreated e -> {
                index.put("stream:" + e.streamId(), streamDocument(e), version);
                index.put(
                        "creator:" + e.creatorId().value(),
                        creatorDocument(e.creatorId().value()),
                        version);
            }
        }
    }

    @ResetHandler
    void reset() {
        index.startRebuild();
    }

    static Map<String, Object> streamDocument(StreamCreated e) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("kind", "stream");
        doc.put("id", e.streamId());
        doc.put("creator_id", e.creatorId().value());
        doc.put("name", e.creatorId().value());
        doc.put("title", e.title());
        doc.put("tags", List.of());
        doc.put("category", e.category());
        doc.put("status", "offline");
        doc.put("viewer_count", 0);
        doc.put("created_at", e.occurredAt().toString());
        doc.put("suggest", List.of(e.title(), e.creatorId().value()));
        return doc;
    }

    static Map<String, Object> creatorDocument(String creatorId) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("kind", "creator");
        doc.put("id", creatorId);
        doc.put("creator_id", creatorId);
        doc.put("name", creatorId);
        doc.put("tags", List.of());
        doc.put("status", "offline");
        doc.put("viewer_count", 0);
        doc.put("suggest", List.of(creatorId));
        return doc;
    }
}
