package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegFailure;
import io.creditcast.media.ffmpeg.FfmpegJob;
import io.creditcast.media.ffmpeg.FfmpegProgress;
import io.creditcast.media.ffmpeg.JobExit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs at most {@link Limits#maxConcurrentJobs()} FFmpeg processes; further jobs wait in a FIFO queue of at
 * most {@link Limits#maxQueuedJobs()}, past which {@link #submit} is rejected. A {@link JobKind#LIVE} job whose
 * encoder dies with a retryable failure keeps its slot and is restarted after an exponential backoff
 * ({@link RestartPolicy}); each step is reported to the job's {@link TranscodeListener}.
 */
public final class TranscodeScheduler implements AutoCloseable {

    /**
     * @param maxConcurrentJobs FFmpeg processes running at once (each slot is roughly one core at 720p)
     * @param maxQueuedJobs jobs waiting for a slot before submissions are rejected
     * @param stopGracePeriod how long each stop step ({@code q}, SIGTERM) may take before the next
     */
    public record Limits(int maxConcurrentJobs, int maxQueuedJobs, Duration stopGracePeriod) {
        public Limits {
            if (maxConcurrentJobs < 1 || maxConcurrentJobs > 64) {
                throw new IllegalArgumentException("maxConcurrentJobs must be 1..64: " + maxConcurrentJobs);
            }
            if (maxQueuedJobs < 0 || maxQueuedJobs > 10_000) {
                throw new IllegalArgumentException("maxQueuedJobs must be 0..10000: " + maxQueuedJobs);
            }
            if (stopGracePeriod.isNegative() || stopGracePeriod.isZero()) {
                throw new IllegalArgumentException("stopGracePeriod must be positive");
            }
        }

        /** 2 processes, 16 queued, 5 s per stop step. */
        public static Limits defaults() {
            return new Limits(2, 16, Duration.ofSeconds(5));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TranscodeScheduler.class);

    private final FfmpegLauncher launcher;
    private final Limits limits;
    private final RestartPolicy restartPolicy;
    private final ScheduledExecutorService timer;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final Map<JobId, Entry> jobs = new HashMap<>();
    private int slotsInUse;
    private boolean closed;

    public TranscodeScheduler(FfmpegLauncher launcher, Limits limits, RestartPolicy restartPolicy) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.restartPolicy = Objects.requireNonNull(restartPolicy, "restartPolicy");
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("transcode-restart").factory());
    }

    public Limits limits() {
        return limits;
    }

    /** Starts the job now if a slot is free, else queues it. */
    public TranscodeHandle submit(TranscodeRequest request, TranscodeListener listener)
            throws TranscodeRejectedException {
        Entry entry = new Entry(request, Objects.requireNonNull(listener, "listener"));
        lock.lock();
        try {
            if (closed) {
                throw new TranscodeRejectedException(
                        request.id(), TranscodeRejectedException.Reason.SHUTTING_DOWN, "the scheduler is closed");
            }
            if (jobs.containsKey(request.id())) {
                throw new TranscodeRejectedException(
                        request.id(), TranscodeRejectedException.Reason.DUPLICATE_JOB, "job already scheduled");
            }
            if (slotsInUse < limits.maxConcurrentJobs()) {
                slotsInUse++;
                entry.state = TranscodeHandle.State.RUNNING;
            } else if (queue.size() < limits.maxQueuedJobs()) {
                queue.addLast(entry);
            } else {
                throw new TranscodeRejectedException(
                        request.id(),
                        TranscodeRejectedException.Reason.QUEUE_FULL,
                        "all " + limits.maxConcurrentJobs() + " transcode slots are busy and " + limits.maxQueuedJobs()
                                + " jobs are waiting");
            }
            jobs.put(request.id(), entry);
        } finally {
            lock.unlock();
        }
        if (entry.state == TranscodeHandle.State.RUNNING) {
            launch(entry);
        }
        return entry;
    }

    /** Processes running or being restarted (slots in use). */
    public int runningCount() {
        lock.lock();
        try {
            return slotsInUse;
        } finally {
            lock.unlock();
        }
    }

    public int queuedCount() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Rejects new jobs, stops every job (queued ones at once, running ones gracefully) and waits for them. */
    @Override
    public void close() {
        List<Entry> all;
        lock.lock();
        try {
            closed = true;
            all = new ArrayList<>(jobs.values());
        } finally {
            lock.unlock();
        }
        List<CompletableFuture<TranscodeOutcome>> outcomes =
                all.stream().map(Entry::stop).toList();
        try {
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .get(limits.stopGracePeriod().multipliedBy(2).toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("{} transcode jobs did not stop in time", all.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("a transcode job failed while stopping", e);
        }
        timer.shutdownNow();
    }

    private void launch(Entry entry) {
        int attempt;
        lock.lock();
        try {
            if (entry.state == TranscodeHandle.State.FINISHED) {
                return;
            }
            if (entry.stopRequested) {
                finishAndNotify(entry, new TranscodeOutcome.Stopped(entry.attempts));
                return;
            }
            entry.state = TranscodeHandle.State.RUNNING;
            entry.pendingRestart = null;
            attempt = ++entry.attempts;
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
        FfmpegJob job;
        try {
            job = launcher.launch(entry.request, attempt, entry::progressed);
        } catch (Exception e) {
            log.warn("job {}: could not start ffmpeg", entry.id(), e);
            handleExit(
                    entry,
                    null,
                    new JobExit.Failed(-1, new FfmpegFailure.Unknown(-1, "could not start ffmpeg: " + e.getMessage())));
            return;
        }
        boolean stopNow;
        lock.lock();
        try {
            entry.job = job;
            stopNow = entry.stopRequested;
        } finally {
            lock.unlock();
        }
        tell(entry, l -> l.onStarted(entry.id(), attempt, job.pid()));
        if (stopNow) {
            job.stop(limits.stopGracePeriod());
        }
        job.exit()
                .whenComplete((exit, error) -> handleExit(
                        entry,
                        job,
                        exit != null
                                ? exit
                                : new JobExit.Failed(
                                        -1, new FfmpegFailure.Unknown(-1, "supervision failed: " + error))));
    }

    private void handleExit(Entry entry, FfmpegJob job, JobExit exit) {
        Duration backoff;
        FfmpegFailure failure;
        int nextAttempt;
        lock.lock();
        try {
            entry.job = null;
            if (job != null) {
                entry.lastStderrTail = job.stderrTail();
                entry.lastPid = job.pid();
            }
            if (entry.stopRequested || exit instanceof JobExit.Stopped) {
                finishAndNotify(entry, new TranscodeOutcome.Stopped(entry.attempts));
                return;
            }
            if (exit instanceof JobExit.Completed) {
                finishAndNotify(entry, new TranscodeOutcome.Succeeded(entry.attempts));
                return;
            }
            failure = ((JobExit.Failed) exit).failure();
            boolean restartable = entry.request.kind() == JobKind.LIVE && failure.retryable() && !closed;
            if (restartable && job != null && job.runtime().compareTo(restartPolicy.stableAfter()) >= 0) {
                entry.restarts = 0;
            }
            if (!restartable || entry.restarts >= restartPolicy.maxRestarts()) {
                finishAndNotify(entry, new TranscodeOutcome.Failed(failure, entry.attempts, entry.lastStderrTail));
                return;
            }
            entry.restarts++;
            entry.state = TranscodeHandle.State.RESTARTING;
            backoff = restartPolicy.backoff(entry.restarts);
            nextAttempt = entry.attempts + 1;
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
        log.warn("live job {} died ({}); restart {} in {}", entry.id(), failure, nextAttempt, backoff);
        tell(entry, l -> l.onRestartScheduled(entry.id(), nextAttempt, backoff, failure));
        lock.lock();
        try {
            if (entry.state == TranscodeHandle.State.RESTARTING && !entry.stopRequested) {
                entry.pendingRestart = timer.schedule(() -> launch(entry), backoff.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (entry.state != TranscodeHandle.State.FINISHED) {
                finishAndNotify(entry, new TranscodeOutcome.Stopped(entry.attempts));
            }
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    /**
     * Marks {@code entry} finished, frees its slot for the next queued jobs, then (after releasing the lock the
     * caller holds) reports the outcome and starts those jobs.
     */
    private void finishAndNotify(Entry entry, TranscodeOutcome outcome) {
        boolean heldSlot = entry.state != TranscodeHandle.State.QUEUED;
        entry.state = TranscodeHandle.State.FINISHED;
        jobs.remove(entry.id());
        queue.remove(entry);
        List<Entry> toLaunch = new ArrayList<>();
        if (heldSlot) {
            slotsInUse--;
        }
        while (slotsInUse < limits.maxConcurrentJobs() && !queue.isEmpty()) {
            Entry next = queue.pollFirst();
            next.state = TranscodeHandle.State.RUNNING;
            slotsInUse++;
            toLaunch.add(next);
        }
        lock.unlock();
        tell(entry, l -> l.onFinished(entry.id(), outcome));
        entry.outcome.complete(outcome);
        toLaunch.forEach(this::launch);
    }

    private static void tell(Entry entry, Consumer<TranscodeListener> call) {
        try {
            call.accept(entry.listener);
        } catch (RuntimeException e) {
            log.warn("job {}: listener failed", entry.id(), e);
        }
    }

    private final class Entry implements TranscodeHandle {
        private final TranscodeRequest request;
        private final TranscodeListener listener;
        private final CompletableFuture<TranscodeOutcome> outcome = new CompletableFuture<>();
        private volatile FfmpegProgress progress = FfmpegProgress.NONE;

        // guarded by lock
        private State state = State.QUEUED;
        private int attempts;
        private int restarts;
        private boolean stopRequested;
        private FfmpegJob job;
        private ScheduledFuture<?> pendingRestart;
        private List<String> lastStderrTail = List.of();
        private long lastPid = -1;

        Entry(TranscodeRequest request, TranscodeListener listener) {
            this.request = request;
            this.listener = listener;
        }

        void progressed(FfmpegProgress snapshot) {
            progress = snapshot;
            tell(this, l -> l.onProgress(request.id(), snapshot));
        }

        @Override
        public JobId id() {
            return request.id();
        }

        @Override
        public State state() {
            lock.lock();
            try {
                return state;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int attempts() {
            lock.lock();
            try {
                return attempts;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public FfmpegProgress progress() {
            return progress;
        }

        @Override
        public OptionalLong pid() {
            lock.lock();
            try {
                return job != null ? OptionalLong.of(job.pid()) : OptionalLong.empty();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public List<String> stderrTail() {
            lock.lock();
            try {
                return job != null ? job.stderrTail() : lastStderrTail;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public CompletableFuture<TranscodeOutcome> outcome() {
            return outcome;
        }

        @Override
        public CompletableFuture<TranscodeOutcome> stop() {
            FfmpegJob running = null;
            lock.lock();
            try {
                if (state == State.FINISHED || stopRequested) {
                    return outcome;
                }
                stopRequested = true;
                switch (state) {
                    case QUEUED -> {
                        finishAndNotify(this, new TranscodeOutcome.Stopped(attempts));
                        return outcome;
                    }
                    case RESTARTING -> {
                        if (pendingRestart != null && pendingRestart.cancel(false)) {
                            finishAndNotify(this, new TranscodeOutcome.Stopped(attempts));
                            return outcome;
                        }
                        // the restart is being launched right now (or its timer is not set yet): launch() and
                        // handleExit() see stopRequested and finish the job
                    }
                    case RUNNING -> running = job; // null while starting: launch() stops it once started
                    case FINISHED -> {
                        return outcome;
                    }
                }
            } finally {
                if (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                }
            }
            if (running != null) {
                running.stop(limits.stopGracePeriod());
            }
            return outcome;
        }

        @Override
        public String toString() {
            return "TranscodeJob[" + request.id() + ", pid " + lastPid + "]";
        }
    }
}
