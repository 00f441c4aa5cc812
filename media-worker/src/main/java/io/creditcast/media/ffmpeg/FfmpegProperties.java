package io.creditcast.media.ffmpeg;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the FFmpeg programs come from.
 *
 * @param path an explicit {@code ffmpeg} program; when set it is the only candidate (a broken configured
 *     path fails startup instead of being silently replaced)
 * @param ffprobePath an explicit {@code ffprobe}; defaults to the {@code ffprobe} next to {@code path}
 * @param bundled whether to use the programs shipped in the {@code org.bytedeco:ffmpeg} jar on the class
 *     path (default true); when false or absent, {@code ffmpeg} on the {@code PATH} is used
 * @param cacheDir where the bundled programs are unpacked once per version (default
 *     {@code ${user.home}/.cache/creditcast/ffmpeg})
 * @param versionCheckTimeout bound on each {@code -version} check at startup (default 10 s)
 */
@ConfigurationProperties("creditcast.media.ffmpeg")
public record FfmpegProperties(
        Path path,
        Path ffprobePath,
        @DefaultValue("true") boolean bundled,
        Path cacheDir,
        @DefaultValue("10s") Duration versionCheckTimeout) {

    public static final String DEFAULT_CACHE_SUBDIR = ".cache/creditcast/ffmpeg";

    public FfmpegProperties {
        if (cacheDir == null) {
            cacheDir = Path.of(System.getProperty("user.home")).resolve(DEFAULT_CACHE_SUBDIR);
        }
        if (versionCheckTimeout == null) {
            versionCheckTimeout = Duration.ofSeconds(10);
        }
        if (versionCheckTimeout.isNegative() || versionCheckTimeout.isZero()) {
            throw new IllegalArgumentException("versionCheckTimeout must be positive: " + versionCheckTimeout);
        }
    }

    /** Defaults: bundled first, then {@code PATH}. */
    public static FfmpegProperties defaults() {
        return new FfmpegProperties(null, null, true, null, null);
    }
}
