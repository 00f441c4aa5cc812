package io.creditcast.bench;

import io.creditcast.bench.MeteringApi.EventStoreStats;
import io.creditcast.bench.MeteringApi.Viewer;
import io.creditcast.bench.RoundRobinScheduler.Outcome;
import io.creditcast.bench.RoundRobinScheduler.Ticket;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs one scenario: set up viewers (credits, stream, viewing session), warm up, read the event store stats,
 * measure, drain, read the stats again.
 *
 * <p>{@code inFlight} worker threads each own one keep-alive connection and send one request at a time, so
 * at most {@code inFlight} requests are outstanding; the {@link RoundRobinScheduler} picks which viewer's
 * next interval goes out. Phases are separated by a full drain so no warm-up request is counted in, or
 * lands events into, the measured phase.
 */
final class MeteringRun {

    /** Error answers echoed to the log per phase, so a failing run explains itself without flooding it. */
    static final int MAX_ERROR_SAMPLES_PER_PHASE = 5;

    /** Extra time a drain waits beyond the request timeout before giving up on stragglers. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final BenchmarkOptions options;
    private final MeteringApi api;
    private final PrintStream log;

    MeteringRun(BenchmarkOptions options, MeteringApi api, PrintStream log) {
        this.options = options;
        this.api = api;
        this.log = log;
    }

    ScenarioResult run(String label, int creators, boolean oneCreator) throws InterruptedException {
        int viewerCount = options.viewers();
        log.printf("[%s] setting up %d creators and %d viewers%n", label, creators, viewerCount);
        long setupStart = System.nanoTime();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<String> streamIds = all(
                creators,
                index -> api.startStream(UUID.randomUUID().toString(), "bench " + runId + " stream " + index),
                "create streams");
        List<Viewer> viewers = all(
                viewerCount,
                index -> {
                    String viewerId = UUID.randomUUID().toString();
                    String streamId = streamIds.get(index % streamIds.size());
                    return api.seedWallet(viewerId, options.seedCreditsMinor())
                            .thenCompose(ignored -> api.openViewingSession(viewerId, streamId));
                },
                "seed wallets and open viewing sessions");
        log.printf(
                "[%s] setup done in %.1f s%n",
                label, (System.nanoTime() - setupStart) / (double) TimeUnit.SECONDS.toNanos(1));

        RoundRobinScheduler scheduler = new RoundRobinScheduler(viewers.size(), options.maxIntervalIndex());
        HttpConnection[] connections = new HttpConnection[options.inFlight()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new HttpConnection(options.baseUrl(), options.requestTimeout(), options.requestTimeout());
        }
        PhaseOutcome measured;
        Optional<EventStoreStats> before;
        Optional<EventStoreStats> after;
        try {
            if (!options.warmup().isZero()) {
                log.printf("[%s] warming up for %d s%n", label, options.warmup().toSeconds());
                runPhase(label + "/warm-up", viewers, scheduler, connections, options.warmup());
            }
            before = readStats(label);
            log.printf("[%s] measuring for %d s%n", label, options.duration().toSeconds());
            measured = runPhase(label, viewers, scheduler, connections, options.duration());
            after = readStats(label);
        } finally {
            for (HttpConnection connection : connections) {
                connection.close();
            }
        }
        return ScenarioResult.of(
                label,
                oneCreator,
                viewerCount,
                creators,
                options.inFlight(),
                measured.elapsedNanos(),
                measured.counters(),
                before,
                after);
    }

    private record PhaseOutcome(PhaseCounters counters, long elapsedNanos) {}

    /**
     * Runs {@code inFlight} workers until {@code length} has passed; each owns one keep-alive connection and
     * sends one request at a time, so at most {@code inFlight} requests are outstanding. Returns once every
     * worker has its last answer (the drain).
     */
    private PhaseOutcome runPhase(
            String label,
            List<Viewer> viewers,
            RoundRobinScheduler scheduler,
            HttpConnection[] connections,
            Duration length)
            throws InterruptedException {
        PhaseCounters counters = new PhaseCounters();
        AtomicInteger errorSamples = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Thread> workers = new ArrayList<>(connections.length);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        for (HttpConnection connection : connections) {
            Thread worker = new Thread(
                    () -> {
                        try {
                            work(label, viewers, scheduler, connection, end, counters, errorSamples);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException | Error e) {
                            crash.compareAndSet(null, e);
                        }
                    },
                    "bench-worker-" + workers.size());
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        long drainDeadline = end + options.requestTimeout().plus(DRAIN_GRACE).toNanos();
        for (Thread worker : workers) {
            long waitNanos = Math.max(1, drainDeadline - System.nanoTime());
            worker.join(Duration.ofNanos(waitNanos));
            if (worker.isAlive()) {
                log.printf("[%s] WARN %s still busy after the drain deadline%n", label, worker.getName());
            }
        }
        if (crash.get() != null) {
            throw new IllegalStateException("a benchmark worker failed", crash.get());
        }
        if (scheduler.activeViewers() == 0) {
            log.printf(
                    "[%s] every viewer is retired (out of credits or past --max-interval-index); the phase ended early%n",
                    label);
        }
        return new PhaseOutcome(counters, System.nanoTime() - start);
    }

    private void work(
            String label,
            List<Viewer> viewers,
            RoundRobinScheduler scheduler,
            HttpConnection connection,
            long end,
            PhaseCounters counters,
            AtomicInteger errorSamples)
            throws InterruptedException {
        String path = api.meterPath();
        while (true) {
            long remaining = end - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            Optional<Ticket> next = scheduler.take(remaining);
            if (next.isEmpty()) {
                return;
            }
            Ticket ticket = next.get();
            Viewer viewer = viewers.get(ticket.viewer());
            String body = MeteringApi.meterBody(viewer, ticket.intervalIndex());
            Outcome outcome;
            long sentAt = System.nanoTime();
            try {
                HttpConnection.Response response = connection.postJson(path, viewer.headerLines(), body);
                counters.recordLatency(System.nanoTime() - sentAt);
                outcome = classify(label, counters, errorSamples, response);
            } catch (IOException e) {
                counters.recordLatency(System.nanoTime() - sentAt);
                outcome = transportError(label, counters, errorSamples, e);
            }
            counters.requests.increment();
            scheduler.complete(ticket, outcome);
        }
    }

    /** Counts the answer and says what the viewer does next. */
    private Outcome classify(
            String label, PhaseCounters counters, AtomicInteger errorSamples, HttpConnection.Response response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            counters.status2xx.increment();
            if (MeteringApi.isReplayed(response.body())) {
                counters.replayed.increment();
            } else {
                counters.debits.increment();
            }
            return Outcome.ADVANCE;
        }
        sampleError(label, errorSamples, "HTTP " + status + ": " + MeteringApi.abbreviate(response.body()));
        if (status == 402) {
            counters.status4xx.increment();
            counters.status402.increment();
            return Outcome.RETIRE;
        }
        if (status == 429) {
            counters.status4xx.increment();
            return Outcome.RETRY;
        }
        if (status >= 400 && status < 500) {
            counters.status4xx.increment();
            return Outcome.ADVANCE;
        }
        if (status >= 500 && status < 600) {
            // Metering is idempotent by session + interval: resending is safe and shows up as "replayed".
            counters.status5xx.increment();
            return Outcome.RETRY;
        }
        counters.otherStatus.increment();
        return Outcome.ADVANCE;
    }

    private Outcome transportError(
            String label, PhaseCounters counters, AtomicInteger errorSamples, IOException failure) {
        counters.transportErrors.increment();
        sampleError(label, errorSamples, "transport: " + failure);
        return Outcome.RETRY;
    }

    private void sampleError(String label, AtomicInteger errorSamples, String message) {
        if (errorSamples.getAndIncrement() < MAX_ERROR_SAMPLES_PER_PHASE) {
            log.printf("[%s] error sample: %s%n", label, message);
        }
    }

    private Optional<EventStoreStats> readStats(String label) throws InterruptedException {
        try {
            return Optional.of(api.eventStoreStats()
                    .get(options.requestTimeout().plus(DRAIN_GRACE).toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.printf("[%s] WARN event store stats unavailable, no events_per_debit: %s%n", label, cause);
            return Optional.empty();
        }
    }

    /**
     * Runs {@code count} setup calls with at most {@code inFlight} outstanding; the first failure stops the
     * setup with its message.
     */
    private <T> List<T> all(int count, IntFunction<CompletableFuture<T>> task, String what)
            throws InterruptedException {
        Semaphore permits = new Semaphore(options.inFlight());
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<T> results = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            results.add(null);
        }
        Object resultsLock = new Object();
        for (int index = 0; index < count && firstFailure.get() == null; index++) {
            permits.acquire();
            int slot = index;
            CompletableFuture<T> call;
            try {
                call = task.apply(index);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            call.whenComplete((value, failure) -> {
                try {
                    if (failure != null) {
                        firstFailure.compareAndSet(null, unwrap(failure));
                    } else {
                        synchronized (resultsLock) {
                            results.set(slot, value);
                        }
                    }
                } finally {
                    permits.release();
                }
            });
        }
        Duration wait = options.requestTimeout().multipliedBy(2).plus(DRAIN_GRACE);
        if (!permits.tryAcquire(options.inFlight(), wait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new SetupException(what + ": calls still outstanding after " + wait.toSeconds() + " s");
        }
        Throwable failure = firstFailure.get();
        if (failure != null) {
            throw new SetupException(what + " failed: " + failure.getMessage(), failure);
        }
        synchronized (resultsLock) {
            return List.copyOf(results);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The scenario could not be set up; nothing was measured. */
    static final class SetupException extends RuntimeException {
        SetupException(String message) {
            super(message);
        }

        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
