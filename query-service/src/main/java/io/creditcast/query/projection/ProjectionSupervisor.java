package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps every projection's processor running. Axon's tracking processor retries a failing batch by itself, but
 * two faults stop it for good: an interrupted processing thread shuts the processor down, and a thread that
 * dies of an {@link Error} (out of memory, a stack overflow) pauses it in error. Either way the read model stops
 * following the store, a replay stops half-way, and nothing but a restart of the service brought it back
 * (found by the reliability harness's rebuild campaign, which interrupts and kills processor threads
 * mid-replay). Every {@code creditcast.query.processing.supervise-interval-ms} this starts such a processor
 * again from its committed token ({@link ProjectionAdmin#restartIfStopped}); counter
 * {@code creditcast.projection.restarts{processor}}.
 *
 * <p>Starts after, and stops before, everything else (the last lifecycle phase), so it never revives a processor
 * the application is shutting down.
 */
@Component
public class ProjectionSupervisor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ProjectionSupervisor.class);

    private final ProjectionAdmin admin;
    private final long intervalMs;
    private final Map<String, Counter> restarts = new HashMap<>();
    private ScheduledExecutorService timer;

    public ProjectionSupervisor(ProjectionAdmin admin, QueryProperties properties, MeterRegistry registry) {
        this.admin = admin;
        this.intervalMs = properties.processing().superviseIntervalMs();
        for (String name : admin.names()) {
            restarts.put(
                    name,
                    Counter.builder("creditcast.projection.restarts")
                            .description("processors started again after they stopped without being asked to")
                            .tag("processor", name)
                            .register(registry));
        }
    }

    /** One round: every projection that stopped is started again; returns how many were. */
    int superviseOnce() {
        int started = 0;
        for (String name : admin.names()) {
            try {
                if (admin.restartIfStopped(name)) {
                    restarts.get(name).increment();
                    started++;
                }
            } catch (RuntimeException e) {
                log.warn("projection {} could not be started again yet: {}", name, e.toString());
            }
        }
        return started;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "projection-supervisor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::superviseOnce, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
