package io.creditcast.media.upload;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Upload limits and storage ({@code creditcast.media.upload.*}).
 *
 * @param storageDir one subdirectory per upload: {@code source}, {@code hls/}, {@code audio.mp3} (default
 *     {@code .data/media/uploads}, relative to the working directory)
 * @param maxSize largest accepted upload, counted on the bytes of the file itself (default 100MB)
 * @param probeTimeout bound on the ffprobe sniff (default 15 s)
 * @param maxTrackedUploads upload states kept in memory; the oldest finished ones are forgotten first
 *     (default 1000)
 * @param mp3BitrateKbps bitrate of the MP3 written for audio uploads (default 192)
 */
@ConfigurationProperties("creditcast.media.upload")
public record UploadProperties(
        Path storageDir,
        @DefaultValue("100MB") DataSize maxSize,
        @DefaultValue("15s") Duration probeTimeout,
        @DefaultValue("1000") int maxTrackedUploads,
        @DefaultValue("192") int mp3BitrateKbps) {

    public UploadProperties {
        if (storageDir == null) {
            storageDir = Path.of(".data", "media", "uploads");
        }
        if (maxSize == null || maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
        }
        if (maxTrackedUploads < 10 || maxTrackedUploads > 1_000_000) {
            throw new IllegalArgumentException("maxTrackedUploads must be 10..1000000: " + maxTrackedUploads);
        }
    }
}
