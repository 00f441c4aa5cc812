package io.creditcast.media;

import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.creditcast.media.ffmpeg.FfmpegLocator;
import io.creditcast.media.ffmpeg.FfmpegProperties;
import io.creditcast.media.ffmpeg.internal.ShortProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real FFmpeg (located once per test JVM, like the application does) and tiny generated inputs. */
public final class TestMedia {

    private static volatile FfmpegInstallation installation;

    private TestMedia() {}

    public static FfmpegInstallation ffmpeg() {
        if (installation == null) {
            synchronized (TestMedia.class) {
                if (installation == null) {
                    installation = FfmpegLocator.locate(FfmpegProperties.defaults());
                }
            }
        }
        return installation;
    }

    /** {@code seconds} of a 320x180 test pattern at 30 fps with a 440 Hz tone, H.264 + AAC in MP4. */
    public static Path videoFile(Path target, int seconds) throws IOException {
        return run(
                target,
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=320x180:rate=30",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000",
                        "-t",
                        Integer.toString(seconds),
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "64k",
                        "-shortest"));
    }

    /** {@code seconds} of a 440 Hz tone as a 64 kb/s MP3. */
    public static Path audioFile(Path target, int seconds) throws IOException {
        return run(
                target,
                List.of(
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=44100",
                        "-t",
                        Integer.toString(seconds),
                        "-c:a",
                        "libmp3lame",
                        "-b:a",
                        "64k"));
    }

    /** Runs {@code ffprobe <args>} and returns its stdout. */
    public static String ffprobe(List<String> args) throws IOException {
        ShortProcess.Result result =
                ShortProcess.run(ffmpeg().ffprobeProcess(args), Duration.ofSeconds(30), 1024 * 1024);
        if (!result.succeeded()) {
            throw new IOException("ffprobe " + args + " failed: " + result.firstDiagnosticLine());
        }
        return result.stdout();
    }

    private static Path run(Path target, List<String> inputAndOptions) throws IOException {
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
        args.addAll(inputAndOptions);
        args.add(target.toString());
        ShortProcess.Result result = ShortProcess.run(ffmpeg().ffmpegProcess(args), Duration.ofSeconds(60), 64 * 1024);
        if (!result.succeeded()) {
            throw new IOException("generating " + target + " failed: " + result.firstDiagnosticLine());
        }
        return target;
    }
}
