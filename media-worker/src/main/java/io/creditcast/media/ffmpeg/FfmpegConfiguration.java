package io.creditcast.media.ffmpeg;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Locates and verifies FFmpeg once at startup; the application does not start without one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FfmpegProperties.class)
public class FfmpegConfiguration {

    @Bean
    FfmpegInstallation ffmpegInstallation(FfmpegProperties properties) {
        return FfmpegLocator.locate(properties);
    }

    @Bean
    HealthIndicator ffmpegHealthIndicator(FfmpegInstallation installation) {
        Health health = Health.up()
                .withDetail("version", installation.versionLine())
                .withDetail("origin", installation.origin().name())
                .withDetail("ffmpeg", installation.ffmpeg().toString())
                .build();
        return () -> health;
    }
}
