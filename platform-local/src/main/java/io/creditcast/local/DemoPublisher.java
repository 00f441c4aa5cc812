package io.creditcast.local;

import io.creditcast.media.ffmpeg.FfmpegInstallation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the demo stream live: the bundled FFmpeg publishes a generated test pattern ({@code testsrc2}) with a
 * tone ({@code sine}) over RTMP with the demo stream's key, like OBS would. Supervised: when FFmpeg exits it is
 * started again after a backoff (1 s, doubling to {@link #MAX_BACKOFF}); {@link #stop()} ends it. Its stderr goes
 * to {@code <data>/media/demo-publisher.log}.
 */
final class DemoPublisher {
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A run at least this long resets the backoff. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(60);

    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final FfmpegInstallation ffmpeg;
    private final List<String> args;
    private final Path log;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Process process;

    private DemoPublisher(FfmpegInstallation ffmpeg, List<String> args, Path log) {
        this.ffmpeg = ffmpeg;
        this.args = args;
        this.log = log;
        this.thread = Thread.ofPlatform().daemon().name("demo-publisher").unstarted(this::supervise);
    }

    static DemoPublisher start(FfmpegInstallation ffmpeg, String rtmpUrl, String streamKey, Path log) {
        DemoPublisher publisher = new DemoPublisher(ffmpeg, args(rtmpUrl + "/" + streamKey), log);
        publisher.thread.start();
        return publisher;
    }

    /** 1280x720 at 25 fps with a 440 Hz tone, H.264 (2 s GOP) + AAC in FLV, paced in real time. */
    static List<String> args(String target) {
        return List.of(
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "warning",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=25",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                "50",
                "-b:v",
                "1500k",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-f",
                "flv",
                target);
    }

    private void supervise() {
        Duration backoff = INITIAL_BACKOFF;
        while (!stopped) {
            long startedNanos = System.nanoTime();
            try {
                Process p = ffmpeg.ffmpegProcess(args)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
                process = p;
                if (stopped) {
                    p.destroyForcibly();
                    break;
                }
                int exit = p.waitFor();
                if (stopped) {
                    break;
                }
                System.out.println("demo publisher (FFmpeg) exited with " + exit + "; restarting in "
                        + backoff.toSeconds() + " s (see " + log + ")");
            } catch (IOException e) {
                System.out.println("demo publisher cannot start FFmpeg: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(STABLE_AFTER) >= 0) {
                backoff = INITIAL_BACKOFF;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Stops FFmpeg (SIGTERM, then SIGKILL after {@link #STOP_GRACE}) and the supervisor. */
    void stop() {
        stopped = true;
        thread.interrupt();
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
