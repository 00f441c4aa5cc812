package io.creditcast.media.upload;

import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.creditcast.media.ffmpeg.Ffprobe;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.TranscodeScheduler;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UploadProperties.class)
public class UploadConfiguration {

    @Bean
    UploadRegistry uploadRegistry(UploadProperties properties) {
        return new UploadRegistry(properties.maxTrackedUploads());
    }

    @Bean
    UploadService uploadService(
            UploadProperties properties,
            FfmpegInstallation installation,
            TranscodeScheduler scheduler,
            Ladder defaultLadder,
            UploadRegistry registry) {
        return new UploadService(
                properties,
                new Ffprobe(installation, properties.probeTimeout()),
                scheduler,
                defaultLadder,
                registry,
                Clock.systemUTC());
    }
}
