package io.creditcast.query.discovery;

import io.creditcast.query.eventstore.GlobalIndex;
import io.creditcast.query.projection.Projections;
import io.creditcast.stream.StreamEvent;
import io.creditcast.stream.StreamEvent.AudienceMeasured;
import io.creditcast.stream.StreamEvent.PassAccepted;
import io.creditcast.stream.StreamEvent.RecordingReady;
import io.creditcast.stream.StreamEvent.StreamCreated;
import io.creditcast.stream.StreamEvent.StreamEnded;
import io.creditcast.stream.StreamEvent.StreamKeyIssued;
import io.creditcast.stream.StreamEvent.StreamPaused;
import io.creditcast.stream.StreamEvent.StreamResumed;
import io.creditcast.stream.StreamEvent.StreamScheduled;
import io.creditcast.stream.StreamEvent.StreamTakenDown;
import io.creditcast.stream.StreamEvent.StreamWentLive;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;

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
    void on(StreamEvent event, MetaData metaData) {
        long version = GlobalIndex.of(metaData);
        switch (event) {
            case StreamCreated e -> {
                index.put("stream:" + e.streamId(), streamDocument(e), version);
                index.put(
                        "creator:" + e.creatorId().value(),
                        creatorDocument(e.creatorId().value()),
                        version);
            }
            case StreamScheduled e -> index.patch("stream:" + e.streamId(), detailsPatch(e.details()));
            case StreamWentLive e -> index.patch("stream:" + e.streamId(), Map.of("status", "live"));
            case StreamResumed e -> index.patch("stream:" + e.streamId(), Map.of("status", "live"));
            case StreamPaused e -> index.patch("stream:" + e.streamId(), Map.of("status", "paused"));
            case StreamEnded e -> index.patch("stream:" + e.streamId(), Map.of("status", "ended", "viewer_count", 0));
            case StreamTakenDown e ->
                index.patch("stream:" + e.streamId(), Map.of("status", "taken_down", "viewer_count", 0));
            case AudienceMeasured e ->
                index.patch("stream:" + e.streamId(), Map.of("viewer_count", e.viewers() + e.listeners()));
            case StreamKeyIssued e -> {
                // keys never reach read models
            }
            case PassAccepted e -> {
                // who may watch is decided at playback, not searched
            }
            case RecordingReady e -> {
                // not searchable (yet)
            }
        }
    }

    /** Searchable details announced with a scheduled stream: tags and language. */
    static Map<String, Object> detailsPatch(io.creditcast.stream.StreamDetails details) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("tags", details.tags());
        if (details.language() != null) {
            doc.put("language", details.language());
        }
        return doc;
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
