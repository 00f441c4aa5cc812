package io.creditcast.media.ffmpeg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A verified pair of FFmpeg programs and the environment they need (for the bundled build,
 * {@code LD_LIBRARY_PATH} pointing at the unpacked shared libraries).
 *
 * @param ffmpeg absolute path of the {@code ffmpeg} program
 * @param ffprobe absolute path of the {@code ffprobe} program
 * @param environment variables added to every process started from this installation
 * @param versionLine first line of {@code ffmpeg -version}, without the copyright, e.g. {@code ffmpeg version 8.0.1}
 * @param origin which candidate this came from
 */
public record FfmpegInstallation(
        Path ffmpeg, Path ffprobe, Map<String, String> environment, String versionLine, Origin origin) {

    public enum Origin {
        /** {@code creditcast.media.ffmpeg.path}. */
        CONFIGURED,
        /** unpacked from the {@code org.bytedeco:ffmpeg} jar on the class path. */
        BUNDLED,
        /** found on the {@code PATH}. */
        PATH
    }

    public FfmpegInstallation {
        Objects.requireNonNull(ffmpeg, "ffmpeg");
        Objects.requireNonNull(ffprobe, "ffprobe");
        Objects.requireNonNull(versionLine, "versionLine");
        Objects.requireNonNull(origin, "origin");
        environment = Map.copyOf(environment);
    }

    /** A process builder for {@code ffmpeg <args>} (argv, no shell) with this installation's environment. */
    public ProcessBuilder ffmpegProcess(List<String> args) {
        return process(ffmpeg, args);
    }

    /** A process builder for {@code ffprobe <args>} (argv, no shell) with this installation's environment. */
    public ProcessBuilder ffprobeProcess(List<String> args) {
        return process(ffprobe, args);
    }

    private ProcessBuilder process(Path program, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(program.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }
}
