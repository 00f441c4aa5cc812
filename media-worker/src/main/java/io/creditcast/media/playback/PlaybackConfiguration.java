package io.creditcast.media.playback;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.ingest.LiveSessions;
import io.creditcast.token.TokenKeyRing;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** Playback tokens, the audience counter and its periodic report to the command side. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PlaybackProperties.class, TokenKeyProperties.class})
public class PlaybackConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PlaybackConfiguration.class);

    @Bean
    PlaybackTokens playbackTokens(TokenKeyProperties keys, Environment environment) {
        TokenKeyRing ring = keys.ring();
        if (ring.usesDevelopmentKey()) {
            if (environment.acceptsProfiles(Profiles.of("prod | production"))) {
                throw new IllegalStateException(
                        "creditcast.tokens.keys holds the public development key under a production profile");
            }
            log.warn("*** playback tokens are verified with the PUBLIC development key: anyone can forge them."
                    + " Set creditcast.tokens.keys[0].kid/secret (CREDITCAST_TOKENS_KEYS_0_KID/_SECRET), the same as"
                    + " on the command service ***");
        }
        return new PlaybackTokens(ring, Clock.systemUTC());
    }

    @Bean
    AudienceCounter audienceCounter(PlaybackProperties properties) {
        return new AudienceCounter(
                properties.audienceWindow(), properties.maxTrackedViewersPerStream(), System::nanoTime);
    }

    /**
     * Reports each stream's audience when it changed: viewers of its live session plus listeners of its relay
     * ({@link ListenerCounts}), in one fact per stream so neither overwrites the other.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService audienceReports(
            AudienceCounter audience,
            LiveSessions sessions,
            FactReporter facts,
            PlaybackProperties properties,
            ObjectProvider<ListenerCounts> listenerCounts) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("audience").factory());
        AudienceReports reports = new AudienceReports(
                audience,
                streamId -> sessions.session(streamId).isPresent(),
                () -> listenerCounts.orderedStream().toList(),
                facts::report);
        long everyMs = properties.audienceReportInterval().toMillis();
        timer.scheduleWithFixedDelay(reports::tick, everyMs, everyMs, TimeUnit.MILLISECONDS);
        return timer;
    }
}
