package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.ProblemTypes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Status and replay of the projections. A replay stops the processor, resets its token to the tail (its
 * {@code @ResetHandler} truncates the tables it owns in the same transaction) and starts it again; the
 * rebuilt content is identical to the live one because every row is derived from events alone.
 */
@Service
public class ProjectionAdmin {
    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);

    private final EventProcessingConfiguration processing;
    private final JdbcEventStorageEngine eventStore;
    private final List<String> names;

    public ProjectionAdmin(
            EventProcessingConfiguration processing,
            JdbcEventStorageEngine eventStore,
            QueryProperties properties,
            MeterRegistry registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.names = Projections.enabled(properties);
        for (String name : names) {
            Gauge.builder("creditcast.projection.behind.events", () -> safeStatus(name))
                    .description("events in the store not yet projected")
                    .tag("processor", name)
                    .register(registry);
        }
    }

    /** What a projection is doing, for the admin endpoint. */
    public record Status(
            String name,
            boolean running,
            boolean replaying,
            long positionGlobalIndex,
            long headGlobalIndex,
            long behindEvents,
            double progressPercent,
            String error) {}

    public List<String> names() {
        return names;
    }

    public List<Status> statuses() {
        long head = headIndex();
        List<Status> all = new ArrayList<>();
        for (String name : names) {
            all.add(status(name, head));
        }
        return all;
    }

    public Status status(String name) {
        return status(name, headIndex());
    }

    /**
     * Starts a rebuild of one projection from the event store and returns its status right after. Synchronized
     * with {@link #restartIfStopped}: the supervisor never starts a processor this has just shut down.
     */
    public synchronized Status replay(String name) {
        TrackingEventProcessor processor = processor(name);
        log.info("replaying projection {}", name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return status(name);
    }

    /**
     * Starts the projection's processor again if it stopped without being asked to: its thread was interrupted
     * (Axon then shuts the processor down) or died of an {@link Error} (Axon pauses it in error). It goes on from
     * its last committed token, a replay included (the token remembers the replay). Not while its threads are
     * still stopping; false when it was running or could not be started yet.
     */
    public synchronized boolean restartIfStopped(String name) {
        TrackingEventProcessor processor = processor(name);
        if (processor.isRunning() || processor.activeProcessorThreads() > 0) {
            return false;
        }
        log.warn(
                "projection {} stopped without being asked to ({}); starting it again from its committed token",
                name,
                processor.isError() ? "paused in error: its processing thread died" : "shut down");
        processor.start();
        return true;
    }

    /** 404 problem for a projection this service does not run. */
    void requireKnown(String name) {
        processor(name);
    }

    private Status status(String name, long head) {
        TrackingEventProcessor processor = processor(name);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long position = -1;
        boolean replaying = false;
        String error = null;
        double progress = head <= 0 ? 100.0 : 0.0;
        for (EventTrackerStatus s : segments.values()) {
            position = Math.max(position, positionOf(s.getTrackingToken()).orElse(-1));
            replaying |= Projections.replayInProgress(s);
            if (s.isErrorState() && s.getError() != null) {
                error = s.getError().getClass().getSimpleName() + ": "
                        + s.getError().getMessage();
            }
        }
        if (head > 0) {
            progress = Math.min(100.0, Math.floor(Math.max(0, position) * 1000.0 / head) / 10.0);
        }
        long behind = Math.max(0, head - Math.max(0, position));
        return new Status(
                name,
                processor.isRunning(),
                replaying,
                position,
                head,
                behind,
                position >= head ? 100.0 : progress,
                error);
    }

    private double safeStatus(String name) {
        try {
            return status(name).behindEvents();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private long headIndex() {
        return positionOf(eventStore.createHeadToken()).orElse(0);
    }

    private static OptionalLong positionOf(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }

    private TrackingEventProcessor processor(String name) {
        if (!names.contains(name)) {
            throw new ApiException(ProblemTypes.NOT_FOUND, "no projection named " + name + "; known: " + names);
        }
        return processing
                .eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new ApiException(ProblemTypes.NOT_FOUND, "projection " + name + " is not running"));
    }
}
