package io.creditcast.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.media.TestMedia;
import io.creditcast.media.ffmpeg.internal.ShortProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, off unless {@code -Dbench=true}: the default ladder (720p/480p/360p + AAC, x264 veryfast, VOD) on a
 * generated 1280x720 30 fps clip, run alternately by hand ({@code ProcessBuilder}, same argv) and through the
 * worker ({@link TranscodeScheduler} + {@code FfmpegJob}: progress parsing, stderr tail, supervision). Prints
 * {@code FIGURE transcode_realtime_factor} (clip duration / worker wall time, mean) and
 * {@code FIGURE transcode_overhead_pct} ((worker − by hand) / by hand, means).
 */
class TranscodeBenchmarkIT {
    static final int CLIP_S = 20;
    static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void defaultLadderRealtimeFactorAndWorkerOverhead() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
        Path source = dir.resolve("source.mp4");
        ShortProcess.Result generated = ShortProcess.run(
                TestMedia.ffmpeg()
                        .ffmpegProcess(List.of(
                                "-hide_banner",
                                "-nostdin",
                                "-loglevel",
                                "error",
                                "-y",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc2=size=1280x720:rate=30",
                                "-f",
                                "lavfi",
                                "-i",
                                "sine=frequency=440:sample_rate=48000",
                                "-t",
                                Integer.toString(CLIP_S),
                                "-c:v",
                                "libx264",
                                "-preset",
                                "ultrafast",
                                "-pix_fmt",
                                "yuv420p",
                                "-c:a",
                                "aac",
                                "-shortest",
                                source.toString())),
                Duration.ofMinutes(2),
                64 * 1024);
        assertThat(generated.succeeded()).isTrue();

        TranscodeScheduler scheduler = new TranscodeScheduler(
                FfmpegLauncher.using(TestMedia.ffmpeg(), 200),
                new TranscodeScheduler.Limits(1, 0, Duration.ofSeconds(5)),
                RestartPolicy.defaults());
        List<Double> byHandS = new ArrayList<>();
        List<Double> workerS = new ArrayList<>();
        try (scheduler) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> handArgs = args(source, dir.resolve("hand-" + round));
                long t0 = System.nanoTime();
                Process p = TestMedia.ffmpeg()
                        .ffmpegProcess(handArgs)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).isZero();
                byHandS.add((System.nanoTime() - t0) / 1e9);

                Path out = dir.resolve("worker-" + round);
                java.nio.file.Files.createDirectories(out);
                long t1 = System.nanoTime();
                TranscodeHandle handle = scheduler.submit(
                        new TranscodeRequest(new JobId("bench-" + round), JobKind.FINITE, args(source, out), out),
                        TranscodeListener.NONE);
                assertThat(handle.outcome().get(5, TimeUnit.MINUTES)).isInstanceOf(TranscodeOutcome.Succeeded.class);
                workerS.add((System.nanoTime() - t1) / 1e9);
            }
        }
        double hand =
                byHandS.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double worker =
                workerS.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("by hand %s s, worker %s s%n", byHandS, workerS);
        System.out.printf("FIGURE transcode_realtime_factor %.2f x%n", CLIP_S / worker);
        System.out.printf("FIGURE transcode_overhead_pct %.1f %%%n", (worker - hand) / hand * 100);
    }

    private static List<String> args(Path source, Path out) {
        return HlsLadderArgs.of(new InputSource.File(source, false), out)
                .withMode(PlaylistMode.VOD)
                .toArgs();
    }
}
