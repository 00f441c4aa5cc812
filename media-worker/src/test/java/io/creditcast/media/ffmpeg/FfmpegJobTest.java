package io.creditcast.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.TestMedia;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FfmpegJobTest {

    private static final List<String> PROGRESS = List.of("-hide_banner", "-nostats", "-progress", "pipe:1");
    /** A realtime-paced pattern that runs until stopped; ~1% of a core. */
    private static final List<String> ENDLESS_PATTERN =
            List.of("-re", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10", "-f", "null", "-");

    @Test
    void aFiniteJobReportsProgressAndCompletes() throws Exception {
        List<FfmpegProgress> seen = new CopyOnWriteArrayList<>();
        FfmpegJob job = start(
                "finite",
                args("-f", "lavfi", "-i", "testsrc=size=160x90:rate=10", "-t", "1", "-f", "null", "-"),
                200,
                seen::add);

        JobExit exit = job.exit().get(30, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(new JobExit.Completed());
        assertThat(seen).isNotEmpty();
        assertThat(job.progress().ended()).isTrue();
        assertThat(job.progress().outTimeUs()).isBetween(800_000L, 1_100_000L);
    }

    @Test
    void aMissingInputFailsAsInputNotFound() throws Exception {
        FfmpegJob job = start("missing", args("-i", "/nonexistent/input.mp4", "-f", "null", "-"), 200, p -> {});

        JobExit exit = job.exit().get(30, TimeUnit.SECONDS);

        assertThat(exit).isInstanceOfSatisfying(JobExit.Failed.class, failed -> assertThat(failed.failure())
                .isInstanceOf(FfmpegFailure.InputNotFound.class));
    }

    @Test
    void stopAsksWithQAndTheJobEndsCleanlyAsStopped() throws Exception {
        FfmpegJob job = start("endless", args(ENDLESS_PATTERN), 200, p -> {});
        await().atMost(Duration.ofSeconds(15)).until(() -> job.progress().outTimeUs() > 0);

        JobExit exit = job.stop(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);

        assertThat(exit).as("q lets ffmpeg finish normally").isEqualTo(new JobExit.Stopped(0));
        assertThat(job.isAlive()).isFalse();
    }

    @Test
    void stopEscalatesWhenFfmpegIsNotReadingItsKeyboard() throws Exception {
        // while waiting for an RTMP publisher FFmpeg never looks at stdin, so only a signal ends it
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        FfmpegJob job = start(
                "listener",
                args(
                        "-loglevel",
                        "debug",
                        "-listen",
                        "1",
                        "-i",
                        "rtmp://127.0.0.1:" + port + "/live/x",
                        "-f",
                        "null",
                        "-"),
                200,
                p -> {});
        await().atMost(Duration.ofSeconds(10))
                .until(() -> job.stderrTail().stream().anyMatch(line -> line.contains("' for reading")));

        long stopStartedNanos = System.nanoTime();
        JobExit exit = job.stop(Duration.ofMillis(300)).get(30, TimeUnit.SECONDS);

        assertThat(exit).isInstanceOf(JobExit.Stopped.class);
        assertThat(job.stderrTail())
                .as("q was ignored, SIGTERM ended it")
                .contains("Exiting normally, received signal 15.");
        assertThat(Duration.ofNanos(System.nanoTime() - stopStartedNanos))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300))
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aProcessKilledFromOutsideFailsAsKilledBySignal9() throws Exception {
        FfmpegJob job = start("victim", args(ENDLESS_PATTERN), 200, p -> {});
        await().atMost(Duration.ofSeconds(15)).until(() -> job.progress().outTimeUs() > 0);

        ProcessHandle.of(job.pid()).orElseThrow().destroyForcibly();
        JobExit exit = job.exit().get(30, TimeUnit.SECONDS);

        assertThat(exit).isInstanceOfSatisfying(JobExit.Failed.class, failed -> assertThat(failed.failure())
                .isEqualTo(new FfmpegFailure.Killed(9, "ended by signal 9")));
    }

    @Test
    void aSigtermFromOutsideIsAKilledFailureWhateverTheExitStatus() throws Exception {
        FfmpegJob job = start("terminated", args(ENDLESS_PATTERN), 200, p -> {});
        await().atMost(Duration.ofSeconds(15)).until(() -> job.progress().outTimeUs() > 0);

        ProcessHandle.of(job.pid()).orElseThrow().destroy();
        JobExit exit = job.exit().get(30, TimeUnit.SECONDS);

        // FFmpeg exits with 0 or 255 here depending on where the signal caught it
        assertThat(exit).isInstanceOfSatisfying(JobExit.Failed.class, failed -> assertThat(failed.failure())
                .isEqualTo(new FfmpegFailure.Killed(15, "Exiting normally, received signal 15.")));
    }

    @Test
    void stderrIsKeptOnlyUpToTheTailCapacity() throws Exception {
        FfmpegJob job = start(
                "chatty",
                args(
                        "-loglevel",
                        "verbose",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=160x90:rate=10",
                        "-t",
                        "1",
                        "-f",
                        "null",
                        "-"),
                3,
                p -> {});

        job.exit().get(30, TimeUnit.SECONDS);

        assertThat(job.stderrTail()).hasSize(3);
    }

    private static FfmpegJob start(String name, List<String> args, int tailLines, Consumer<FfmpegProgress> listener)
            throws IOException {
        return FfmpegJob.start(name, TestMedia.ffmpeg().ffmpegProcess(args), tailLines, listener);
    }

    private static List<String> args(String... rest) {
        return args(List.of(rest));
    }

    private static List<String> args(List<String> rest) {
        return Stream.concat(PROGRESS.stream(), rest.stream()).toList();
    }
}
