package io.creditcast.media.ingest.srt;

import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.creditcast.media.ingest.IngestProperties;
import io.creditcast.media.ingest.LiveSessions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SRT ingest: armed listeners feeding the same live sessions as RTMP. The endpoint that arms them ({@link
 * SrtController}) is on under the same property.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SrtProperties.class)
@ConditionalOnProperty(name = "creditcast.media.ingest.srt.enabled", matchIfMissing = true)
public class SrtConfiguration {

    @Bean(destroyMethod = "close")
    SrtIngest srtIngest(
            SrtProperties properties,
            MediaCommandClient commandSide,
            LiveSessions sessions,
            FfmpegInstallation ffmpeg,
            IngestProperties ingest) {
        return new SrtIngest(properties, commandSide, sessions, ffmpeg, ingest.reconnectGrace(), Clock.systemUTC());
    }

    @Bean
    MeterBinder srtMetrics(SrtIngest srt) {
        return registry -> Gauge.builder("creditcast.media.ingest.srt.armed", srt, SrtIngest::armedCount)
                .description("streams armed for SRT (each holds a UDP port and an FFmpeg listener)")
                .register(registry);
    }
}
