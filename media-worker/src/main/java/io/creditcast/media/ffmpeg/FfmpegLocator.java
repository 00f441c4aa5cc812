package io.creditcast.media.ffmpeg;

import io.creditcast.media.ffmpeg.FfmpegNotFoundException.Attempt;
import io.creditcast.media.ffmpeg.internal.BundledFfmpeg;
import io.creditcast.media.ffmpeg.internal.ShortProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a working FFmpeg: the configured path if one is set (and then only it), otherwise the build bundled
 * in the {@code org.bytedeco:ffmpeg} jar (unpacked once into the cache directory), otherwise {@code ffmpeg}
 * and {@code ffprobe} on the {@code PATH}. Every candidate is verified by running {@code -version} on both
 * programs; when none works, {@link FfmpegNotFoundException} lists each candidate and why it failed.
 */
public final class FfmpegLocator {

    private static final Logger log = LoggerFactory.getLogger(FfmpegLocator.class);
    private static final int MAX_VERSION_OUTPUT_BYTES = 64 * 1024;

    private FfmpegLocator() {}

    public static FfmpegInstallation locate(FfmpegProperties properties) {
        List<Attempt> attempts = new ArrayList<>();
        if (properties.path() != null) {
            Path ffmpeg = properties.path().toAbsolutePath();
            Path ffprobe = properties.ffprobePath() != null
                    ? properties.ffprobePath().toAbsolutePath()
                    : ffmpeg.resolveSibling("ffprobe");
            return verify(ffmpeg, ffprobe, Map.of(), FfmpegInstallation.Origin.CONFIGURED, properties, attempts)
                    .orElseThrow(() -> new FfmpegNotFoundException(attempts));
        }
        if (properties.bundled()) {
            Optional<FfmpegInstallation> bundled = bundled(properties, attempts);
            if (bundled.isPresent()) {
                return bundled.get();
            }
        }
        Optional<FfmpegInstallation> onPath = onPath(properties, attempts);
        if (onPath.isPresent()) {
            return onPath.get();
        }
        throw new FfmpegNotFoundException(attempts);
    }

    private static Optional<FfmpegInstallation> bundled(FfmpegProperties properties, List<Attempt> attempts) {
        Optional<String> platform = BundledFfmpeg.currentPlatform();
        if (platform.isEmpty()) {
            attempts.add(new Attempt(
                    "bundled",
                    "no bundled build for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")));
            return Optional.empty();
        }
        try {
            ClassLoader classLoader = FfmpegLocator.class.getClassLoader();
            Optional<BundledFfmpeg.Unpacked> unpacked =
                    BundledFfmpeg.unpack(classLoader, platform.get(), properties.cacheDir());
            if (unpacked.isEmpty()) {
                attempts.add(new Attempt(
                        "bundled", "no org.bytedeco:ffmpeg jar for " + platform.get() + " on the class path"));
                return Optional.empty();
            }
            BundledFfmpeg.Unpacked build = unpacked.get();
            String libraryPath = build.directory().toString();
            String inherited = System.getenv("LD_LIBRARY_PATH");
            if (inherited != null && !inherited.isBlank()) {
                libraryPath = libraryPath + File.pathSeparator + inherited;
            }
            return verify(
                    build.ffmpeg(),
                    build.ffprobe(),
                    Map.of("LD_LIBRARY_PATH", libraryPath),
                    FfmpegInstallation.Origin.BUNDLED,
                    properties,
                    attempts);
        } catch (IOException | RuntimeException e) {
            attempts.add(new Attempt("bundled", "could not unpack: " + e));
            return Optional.empty();
        }
    }

    private static Optional<FfmpegInstallation> onPath(FfmpegProperties properties, List<Attempt> attempts) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                Path ffmpeg = Path.of(dir, "ffmpeg");
                if (Files.isExecutable(ffmpeg)) {
                    return verify(
                            ffmpeg.toAbsolutePath(),
                            ffmpeg.resolveSibling("ffprobe").toAbsolutePath(),
                            Map.of(),
                            FfmpegInstallation.Origin.PATH,
                            properties,
                            attempts);
                }
            }
        }
        attempts.add(new Attempt("PATH", "no executable named ffmpeg on the PATH"));
        return Optional.empty();
    }

    private static Optional<FfmpegInstallation> verify(
            Path ffmpeg,
            Path ffprobe,
            Map<String, String> environment,
            FfmpegInstallation.Origin origin,
            FfmpegProperties properties,
            List<Attempt> attempts) {
        String candidate = origin.name().toLowerCase(Locale.ROOT) + " " + ffmpeg;
        try {
            FfmpegInstallation unverified = new FfmpegInstallation(ffmpeg, ffprobe, environment, "unverified", origin);
            ShortProcess.Result ffmpegVersion = ShortProcess.run(
                    unverified.ffmpegProcess(List.of("-hide_banner", "-version")),
                    properties.versionCheckTimeout(),
                    MAX_VERSION_OUTPUT_BYTES);
            if (!ffmpegVersion.succeeded() || !ffmpegVersion.stdout().startsWith("ffmpeg version")) {
                attempts.add(new Attempt(candidate, "`ffmpeg -version` failed: " + describe(ffmpegVersion)));
                return Optional.empty();
            }
            ShortProcess.Result ffprobeVersion = ShortProcess.run(
                    unverified.ffprobeProcess(List.of("-hide_banner", "-version")),
                    properties.versionCheckTimeout(),
                    MAX_VERSION_OUTPUT_BYTES);
            if (!ffprobeVersion.succeeded() || !ffprobeVersion.stdout().startsWith("ffprobe version")) {
                attempts.add(new Attempt(candidate, "`" + ffprobe + " -version` failed: " + describe(ffprobeVersion)));
                return Optional.empty();
            }
            // "ffmpeg version 8.0.1 Copyright (c) 2000-2025 the FFmpeg developers" -> "ffmpeg version 8.0.1"
            String versionLine =
                    ffmpegVersion.stdout().lines().findFirst().orElse("").strip();
            versionLine = versionLine.replaceFirst(" Copyright .*$", "");
            FfmpegInstallation installation = new FfmpegInstallation(ffmpeg, ffprobe, environment, versionLine, origin);
            log.info("Using {} ({}) at {}", versionLine, origin.name().toLowerCase(Locale.ROOT), ffmpeg);
            return Optional.of(installation);
        } catch (IOException e) {
            attempts.add(new Attempt(candidate, "could not run: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static String describe(ShortProcess.Result result) {
        if (result.timedOut()) {
            return "no answer within the version-check timeout";
        }
        return "exit " + result.exitCode() + ": " + result.firstDiagnosticLine();
    }
}
