package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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
 * <p>A processor that keeps dying (an Error on every attempt) is not restarted in a tight loop: after a restart
 * the next one waits twice as long as the last wait, up to {@link #MAX_BACKOFF_MS}; a processor that stayed up
 * for {@link #MAX_BACKOFF_MS} after its restart starts again from the plain interval.
 *
 * <p>Starts after, and stops before, everything else (the last lifecycle phase), so it never revives a processor
 * the application is shutting down.
 */
@Component
public class ProjectionSupervisor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ProjectionSupervisor.class);
    /** The longest wait between two restarts of the same processor. */
    static final long MAX_BACKOFF_MS = 60_000;

    private final List<String> names;
    private final Predicate<String> restartIfStopped;
    private final long intervalMs;
    private final LongSupplier nanoTime;
    private final Map<String, Counter> restarts = new HashMap<>();
    /** Per processor: when it was last restarted and how long the next restart must wait after that. */
    private final Map<String, Backoff> backoff = new HashMap<>();

    private record Backoff(long restartedAtNanos, long waitMs) {
        boolean waiting(long nowNanos) {
            return nowNanos - restartedAtNanos < TimeUnit.MILLISECONDS.toNanos(waitMs);
        }

        /** Stayed up for the longest wait after the wait it had: it is not dying over and over. */
        boolean settled(long nowNanos) {
            return nowNanos - restartedAtNanos >= TimeUnit.MILLISECONDS.toNanos(waitMs + MAX_BACKOFF_MS);
        }
    }

    private ScheduledExecutorService timer;

    @Autowired
    public ProjectionSupervisor(ProjectionAdmin admin, QueryProperties properties, MeterRegistry registry) {
        this(
                admin.names(),
                admin::restartIfStopped,
                properties.processing().superviseIntervalMs(),
                registry,
                System::nanoTime);
    }

    ProjectionSupervisor(
            List<String> names,
            Predicate<String> restartIfStopped,
            long intervalMs,
            MeterRegistry registry,
            LongSupplier nanoTime) {
        this.names = List.copyOf(names);
        this.restartIfStopped = restartIfStopped;
        this.intervalMs = intervalMs;
        this.nanoTime = nanoTime;
        for (String name : this.names) {
            restarts.put(
                    name,
                    Counter.builder("creditcast.projection.restarts")
                            .description("processors started again after they stopped without being asked to")
                            .tag("processor", name)
                            .register(registry));
        }
    }

    /** One round: every stopped projection whose backoff has passed is started again; returns how many were. */
    synchronized int superviseOnce() {
        int started = 0;
        long now = nanoTime.getAsLong();
        for (String name : names) {
            Backoff last = backoff.get(name);
            if (last != null && last.waiting(now)) {
                continue;
            }
            try {
                if (restartIfStopped.test(name)) {
                    restarts.get(name).increment();
                    started++;
                    long waitMs = last == null || last.settled(now)
                            ? intervalMs
                            : Math.min(last.waitMs() * 2, MAX_BACKOFF_MS);
                    backoff.put(name, new Backoff(now, waitMs));
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
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = timer;
            timer = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
