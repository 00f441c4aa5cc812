package io.creditcast.media.ffmpeg;

import io.creditcast.media.ffmpeg.internal.ProgressParser;
import io.creditcast.media.ffmpeg.internal.StderrTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised FFmpeg process: the handle for exactly one run of one argv.
 *
 * <ul>
 *   <li>stderr is drained on its own thread into a bounded {@link StderrTail};
 *   <li>stdout is read as {@code -progress pipe:1} output into {@link FfmpegProgress} snapshots;
 *   <li>{@link #stop(Duration)} asks politely ({@code q} on stdin), then sends SIGTERM, then kills, each step
 *       after {@code gracePeriod};
 *   <li>{@link #exit()} completes once the process has exited and stderr is fully read, with a classified
 *       {@link JobExit}.
 * </ul>
 */
public final class FfmpegJob {

    private static final Logger log = LoggerFactory.getLogger(FfmpegJob.class);
    /** How long to wait for the progress reader after the process is gone (it only has buffered data left). */
    private static final Duration READER_JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final StderrTail stderrTail;
    private final Consumer<FfmpegProgress> progressListener;
    private final AtomicReference<FfmpegProgress> progress = new AtomicReference<>(FfmpegProgress.NONE);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<JobExit> exit = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private final Thread progressReader;

    private FfmpegJob(String name, Process process, int stderrTailLines, Consumer<FfmpegProgress> progressListener) {
        this.name = name;
        this.process = process;
        this.stderrTail = new StderrTail(stderrTailLines);
        this.progressListener = progressListener;
        this.progressReader = Thread.ofPlatform()
                .daemon()
                .name("ffmpeg-" + name + "-progress")
                .start(this::readProgress);
        Thread.ofPlatform().daemon().name("ffmpeg-" + name + "-stderr").start(this::drainStderrThenComplete);
    }

    /**
     * Starts {@code builder}'s command (stdin, stdout and stderr piped to this handle).
     *
     * @param name a short name for threads and logs (e.g. the job id)
     * @param stderrTailLines how many of the last stderr lines to keep
     * @param progressListener called on the progress thread for each snapshot; must not block
     */
    public static FfmpegJob start(
            String name, ProcessBuilder builder, int stderrTailLines, Consumer<FfmpegProgress> progressListener)
            throws IOException {
        Objects.requireNonNull(progressListener, "progressListener");
        builder.redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .redirectErrorStream(false);
        Process process = builder.start();
        log.debug("ffmpeg job {} started as pid {}: {}", name, process.pid(), builder.command());
        return new FfmpegJob(name, process, stderrTailLines, progressListener);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * The process's stdin, for jobs whose input is {@code pipe:0}. The writer owns it: closing it ends the input
     * and FFmpeg finishes its outputs.
     */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Time since start. */
    public Duration runtime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The latest progress snapshot ({@link FfmpegProgress#NONE} before the first). */
    public FfmpegProgress progress() {
        return progress.get();
    }

    /** The last stderr lines, oldest first. */
    public List<String> stderrTail() {
        return stderrTail.snapshot();
    }

    /** Completes once the process has exited and its stderr has been read to the end. */
    public CompletableFuture<JobExit> exit() {
        return exit;
    }

    /**
     * Ends the process: {@code q} on stdin (FFmpeg finalises its outputs), then SIGTERM after
     * {@code gracePeriod}, then SIGKILL after another {@code gracePeriod}. Idempotent; the exit is
     * {@link JobExit.Stopped}.
     */
    public CompletableFuture<JobExit> stop(Duration gracePeriod) {
        if (stopRequested.compareAndSet(false, true) && process.isAlive()) {
            Thread.ofPlatform().daemon().name("ffmpeg-" + name + "-stop").start(() -> escalate(gracePeriod));
        }
        return exit;
    }

    /** Kills the process at once (SIGKILL); the exit is {@link JobExit.Stopped}. */
    public CompletableFuture<JobExit> kill() {
        stopRequested.set(true);
        process.toHandle().destroyForcibly();
        return exit;
    }

    private void escalate(Duration gracePeriod) {
        try {
            try {
                OutputStream stdin = process.getOutputStream();
                stdin.write('q');
                stdin.flush();
                stdin.close();
            } catch (IOException e) {
                // stdin already closed (process exiting): the waits below decide
            }
            if (process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            log.info("ffmpeg job {} ignored q for {}, sending SIGTERM", name, gracePeriod);
            // signal through the ProcessHandle: Process.destroy() would also close our end of stderr and lose
            // the lines FFmpeg writes while it shuts down
            process.toHandle().destroy();
            if (process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            log.warn("ffmpeg job {} ignored SIGTERM for {}, killing it", name, gracePeriod);
            process.toHandle().destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readProgress() {
        ProgressParser parser = new ProgressParser();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                parser.accept(line).ifPresent(this::publishProgress);
            }
        } catch (IOException e) {
            log.debug("ffmpeg job {}: progress stream closed: {}", name, e.toString());
        }
    }

    private void publishProgress(FfmpegProgress snapshot) {
        progress.set(snapshot);
        try {
            progressListener.accept(snapshot);
        } catch (RuntimeException e) {
            log.warn("ffmpeg job {}: progress listener failed", name, e);
        }
    }

    private void drainStderrThenComplete() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stderrTail.add(line);
                log.trace("ffmpeg[{}] {}", name, line);
            }
        } catch (IOException e) {
            log.debug("ffmpeg job {}: stderr closed: {}", name, e.toString());
        }
        try {
            int exitCode = process.waitFor();
            progressReader.join(READER_JOIN_TIMEOUT);
            JobExit result = classify(exitCode);
            log.debug("ffmpeg job {} (pid {}) ended: {}", name, process.pid(), result);
            exit.complete(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit.completeExceptionally(e);
        } catch (RuntimeException e) {
            exit.completeExceptionally(e);
        }
    }

    private JobExit classify(int exitCode) {
        if (stopRequested.get()) {
            return new JobExit.Stopped(exitCode);
        }
        List<String> tail = stderrTail.snapshot();
        if (exitCode == 0) {
            // a SIGTERM nobody here asked for also ends in status 0: that is not a completed job
            return FfmpegFailureClassifier.signalled(tail)
                    .<JobExit>map(killed -> new JobExit.Failed(exitCode, killed))
                    .orElseGet(JobExit.Completed::new);
        }
        return new JobExit.Failed(exitCode, FfmpegFailureClassifier.classify(exitCode, tail));
    }
}
