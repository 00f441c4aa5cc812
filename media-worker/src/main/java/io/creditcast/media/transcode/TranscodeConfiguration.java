package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process scheduler shared by every feature that runs FFmpeg, and the configured default ladder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TranscodeProperties.class)
public class TranscodeConfiguration {

    @Bean
    PipedInputs pipedInputs() {
        return new PipedInputs();
    }

    @Bean(destroyMethod = "close")
    TranscodeScheduler transcodeScheduler(
            FfmpegInstallation installation, TranscodeProperties properties, PipedInputs pipedInputs) {
        return new TranscodeScheduler(
                pipedInputs.around(FfmpegLauncher.using(installation, properties.stderrTailLines())),
                properties.toLimits(),
                properties.restart().toPolicy());
    }

    @Bean
    Ladder defaultLadder(TranscodeProperties properties) {
        return properties.ladder().toLadder();
    }

    @Bean
    MeterBinder transcodeMetrics(TranscodeScheduler scheduler) {
        return registry -> {
            Gauge.builder("creditcast.media.transcode.running", scheduler, TranscodeScheduler::runningCount)
                    .description("FFmpeg process slots in use")
                    .register(registry);
            Gauge.builder("creditcast.media.transcode.queued", scheduler, TranscodeScheduler::queuedCount)
                    .description("transcode jobs waiting for a slot")
                    .register(registry);
        };
    }
}
