package io.creditcast.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.TestMedia;
import io.creditcast.media.ffmpeg.FfmpegFailure;
import io.creditcast.media.transcode.RecordingListener.Finished;
import io.creditcast.media.transcode.RecordingListener.RestartScheduled;
import io.creditcast.media.transcode.RecordingListener.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real FFmpeg with tiny, realtime-paced inputs (a few percent of a core each). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TranscodeSchedulerTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path workDir;

    private TranscodeScheduler scheduler;

    @AfterEach
    void closeScheduler() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void aLiveEncoderKilledWithSigkillIsRestartedWithGrowingBackoffAndReported() throws Exception {
        scheduler = scheduler(2, 16, new RestartPolicy(3, millis(100), millis(1_000), 2, Duration.ofMinutes(1)));
        RecordingListener listener = new RecordingListener();
        TranscodeHandle handle = scheduler.submit(liveHls("live-1"), listener);

        long firstPid = awaitRunningAttempt(listener, 1);
        kill(firstPid);
        await().atMost(BOUND).until(() -> listener.events()
                .contains(new RestartScheduled(2, millis(100), new FfmpegFailure.Killed(9, "ended by signal 9"))));
        long secondPid = awaitRunningAttempt(listener, 2);
        kill(secondPid);
        await().atMost(BOUND).until(() -> listener.events()
                .contains(new RestartScheduled(3, millis(200), new FfmpegFailure.Killed(9, "ended by signal 9"))));
        long thirdPid = awaitRunningAttempt(listener, 3);

        assertThat(List.of(firstPid, secondPid, thirdPid)).doesNotHaveDuplicates();
        assertThat(handle.state()).isEqualTo(TranscodeHandle.State.RUNNING);
        assertThat(handle.attempts()).isEqualTo(3);
        assertThat(Files.exists(workDir.resolve("live-1/out/master.m3u8"))
                        || handle.progress().outTimeUs() > 0)
                .isTrue();

        TranscodeOutcome outcome = handle.stop().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new TranscodeOutcome.Stopped(3));
        assertThat(scheduler.runningCount()).isZero();
    }

    @Test
    void restartsAreBoundedAndThenTheLiveJobFailsForGood() throws Exception {
        scheduler = scheduler(2, 16, new RestartPolicy(2, millis(10), millis(1_000), 2, Duration.ofMinutes(1)));
        RecordingListener listener = new RecordingListener();

        TranscodeOutcome outcome = scheduler
                .submit(missingInput("live-missing", JobKind.LIVE), listener)
                .outcome()
                .get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOfSatisfying(TranscodeOutcome.Failed.class, failed -> {
            assertThat(failed.failure()).isInstanceOf(FfmpegFailure.InputNotFound.class);
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.stderrTail()).isNotEmpty();
        });
        assertThat(listener.events())
                .map(event -> event.getClass().getSimpleName())
                .containsExactly("Started", "RestartScheduled", "Started", "RestartScheduled", "Started", "Finished");
        assertThat(listener.events())
                .filteredOn(RestartScheduled.class::isInstance)
                .map(event -> ((RestartScheduled) event).backoff())
                .containsExactly(millis(10), millis(20));
        assertThat(scheduler.runningCount()).isZero();
    }

    @Test
    void aFiniteJobsFailureIsFinal() throws Exception {
        scheduler = scheduler(2, 16, new RestartPolicy(5, millis(10), millis(10), 2, Duration.ofMinutes(1)));
        RecordingListener listener = new RecordingListener();

        TranscodeOutcome outcome = scheduler
                .submit(missingInput("upload-missing", JobKind.FINITE), listener)
                .outcome()
                .get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome)
                .isInstanceOfSatisfying(TranscodeOutcome.Failed.class, failed -> assertThat(failed.attempts())
                        .isEqualTo(1));
        assertThat(listener.events()).noneMatch(RestartScheduled.class::isInstance);
    }

    @Test
    void aLiveJobWithUnreadableInputIsNotRestarted() throws Exception {
        scheduler = scheduler(2, 16, new RestartPolicy(5, millis(10), millis(10), 2, Duration.ofMinutes(1)));
        Path garbage = Files.writeString(workDir.resolve("garbage.bin"), "this is not media");
        RecordingListener listener = new RecordingListener();

        TranscodeOutcome outcome = scheduler
                .submit(
                        request("live-garbage", JobKind.LIVE, List.of("-i", garbage.toString(), "-f", "null", "-")),
                        listener)
                .outcome()
                .get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOfSatisfying(TranscodeOutcome.Failed.class, failed -> {
            assertThat(failed.failure()).isInstanceOf(FfmpegFailure.InvalidInput.class);
            assertThat(failed.attempts()).isEqualTo(1);
        });
    }

    @Test
    void processesAreBoundedByTheSlotCountAndTheQueueByItsLimit() throws Exception {
        scheduler = scheduler(1, 1, RestartPolicy.defaults());
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();

        TranscodeHandle running = scheduler.submit(endless("first"), first);
        TranscodeHandle queued = scheduler.submit(endless("second"), second);

        assertThat(running.state()).isEqualTo(TranscodeHandle.State.RUNNING);
        assertThat(queued.state()).isEqualTo(TranscodeHandle.State.QUEUED);
        assertThat(queued.attempts()).isZero();
        assertThat(scheduler.runningCount()).isEqualTo(1);
        assertThat(scheduler.queuedCount()).isEqualTo(1);
        assertThatThrownBy(() -> scheduler.submit(endless("third"), TranscodeListener.NONE))
                .isInstanceOfSatisfying(TranscodeRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(TranscodeRejectedException.Reason.QUEUE_FULL));
        assertThatThrownBy(() -> scheduler.submit(endless("first"), TranscodeListener.NONE))
                .isInstanceOfSatisfying(TranscodeRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(TranscodeRejectedException.Reason.DUPLICATE_JOB));

        assertThat(running.stop().get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new TranscodeOutcome.Stopped(1));
        awaitRunningAttempt(second, 1);

        assertThat(queued.state()).isEqualTo(TranscodeHandle.State.RUNNING);
        assertThat(scheduler.queuedCount()).isZero();
        assertThat(queued.stop().get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new TranscodeOutcome.Stopped(1));
    }

    @Test
    void aQueuedJobStoppedBeforeItsTurnNeverStarts() throws Exception {
        scheduler = scheduler(1, 4, RestartPolicy.defaults());
        TranscodeHandle running = scheduler.submit(endless("running"), TranscodeListener.NONE);
        RecordingListener listener = new RecordingListener();
        TranscodeHandle queued = scheduler.submit(endless("waiting"), listener);

        assertThat(queued.stop().get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new TranscodeOutcome.Stopped(0));
        assertThat(listener.events()).containsExactly(new Finished(new TranscodeOutcome.Stopped(0)));
        assertThat(scheduler.queuedCount()).isZero();
        assertThat(scheduler.runningCount()).isEqualTo(1);
        running.stop().get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void stoppingDuringABackoffCancelsTheRestartAndFreesTheSlot() throws Exception {
        scheduler = scheduler(
                1, 1, new RestartPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(1), 2, Duration.ofMinutes(1)));
        RecordingListener listener = new RecordingListener();
        TranscodeHandle handle = scheduler.submit(missingInput("live-waiting", JobKind.LIVE), listener);
        await().atMost(BOUND).until(() -> handle.state() == TranscodeHandle.State.RESTARTING);
        assertThat(scheduler.runningCount())
                .as("the slot is kept during the backoff")
                .isEqualTo(1);

        TranscodeOutcome outcome = handle.stop().get(5, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new TranscodeOutcome.Stopped(1));
        assertThat(scheduler.runningCount()).isZero();
        assertThat(listener.starts()).hasSize(1);
    }

    @Test
    void closingStopsEveryJobAndRejectsNewOnes() throws Exception {
        scheduler = scheduler(1, 2, RestartPolicy.defaults());
        TranscodeHandle running = scheduler.submit(endless("a"), TranscodeListener.NONE);
        TranscodeHandle queued = scheduler.submit(endless("b"), TranscodeListener.NONE);

        scheduler.close();

        assertThat(running.outcome()).isCompletedWithValueMatching(TranscodeOutcome.Stopped.class::isInstance);
        assertThat(queued.outcome()).isCompletedWithValue(new TranscodeOutcome.Stopped(0));
        assertThatThrownBy(() -> scheduler.submit(endless("c"), TranscodeListener.NONE))
                .isInstanceOfSatisfying(TranscodeRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(TranscodeRejectedException.Reason.SHUTTING_DOWN));
    }

    private TranscodeScheduler scheduler(int slots, int queue, RestartPolicy policy) {
        return new TranscodeScheduler(
                FfmpegLauncher.using(TestMedia.ffmpeg(), 200),
                new TranscodeScheduler.Limits(slots, queue, Duration.ofSeconds(5)),
                policy);
    }

    /** The real live HLS ladder, shrunk to one 90p rung, fed by a realtime test pattern. */
    private TranscodeRequest liveHls(String id) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(id));
        Ladder tiny = new Ladder(
                List.of(new VideoRendition("90p", 90, 100, 100, 200)),
                Optional.of(new AudioRendition("audio", 32, 48_000, 1)),
                "ultrafast",
                2,
                3);
        List<String> args = HlsLadderArgs.of(new InputSource.TestPattern(160, 90, 10, 440), dir.resolve("out"))
                .withMode(PlaylistMode.LIVE)
                .withLadder(tiny)
                .toArgs();
        return new TranscodeRequest(new JobId(id), JobKind.LIVE, args, dir);
    }

    private TranscodeRequest endless(String id) {
        return request(
                id,
                JobKind.LIVE,
                List.of("-re", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10", "-f", "null", "-"));
    }

    private TranscodeRequest missingInput(String id, JobKind kind) {
        return request(
                id, kind, List.of("-i", workDir.resolve("does-not-exist.mp4").toString(), "-f", "null", "-"));
    }

    private TranscodeRequest request(String id, JobKind kind, List<String> args) {
        List<String> full = new ArrayList<>(List.of("-hide_banner", "-nostats", "-progress", "pipe:1"));
        full.addAll(args);
        return new TranscodeRequest(new JobId(id), kind, full, workDir);
    }

    /** Waits until attempt {@code attempt} has started and is encoding; returns its pid. */
    private static long awaitRunningAttempt(RecordingListener listener, int attempt) {
        await().atMost(BOUND).until(() -> listener.starts().stream().anyMatch(s -> s.attempt() == attempt));
        await().atMost(BOUND).until(() -> listener.progress().outTimeUs() > 0);
        return listener.starts().stream()
                .filter(s -> s.attempt() == attempt)
                .mapToLong(Started::pid)
                .findFirst()
                .orElseThrow();
    }

    private static void kill(long pid) {
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    }

    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }
}
