package io.creditcast.media.relay;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.ingest.StreamSources;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.playback.ListenerCounts;
import io.creditcast.media.playback.PlaybackProperties;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audio relay: source URL guard, relay registry and its metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
public class RelayConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RelayConfiguration.class);

    @Bean
    SourceUrlGuard relaySourceUrlGuard(RelayProperties properties) {
        if (properties.allowPrivateSources()) {
            log.warn("creditcast.media.relay.allow-private-sources is on: relay sources may point at private and"
                    + " loopback addresses (tests and local runs only)");
        }
        return new SourceUrlGuard(
                properties.maxSourceUrlChars(), properties.allowPrivateSources(), SourceUrlGuard::systemResolve);
    }

    @Bean(destroyMethod = "close")
    RelayManager relayManager(
            SourceUrlGuard guard,
            MediaCommandClient commandSide,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            RelayProperties properties,
            PlaybackProperties playback,
            FactReporter facts,
            StreamSources sources) {
        // a relay's HLS listeners are counted like live viewers, in a counter of its own
        AudienceCounter hlsAudience =
                new AudienceCounter(playback.audienceWindow(), playback.maxTrackedViewersPerStream(), System::nanoTime);
        return new RelayManager(guard, commandSide, scheduler, pipes, properties, hlsAudience, facts, sources);
    }

    /**
     * Once the worker is up, the relays registered before its last stop start again (off the startup thread: a
     * source or command side that is slow to answer does not hold the worker back).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> relayResumer(RelayManager relays) {
        return ready -> Thread.ofVirtual().name("relay-resume").start(relays::resumeRegistered);
    }

    /** Relay listeners go into the same audience reports as live viewers ({@code PlaybackConfiguration}). */
    @Bean
    ListenerCounts relayListenerCounts(RelayManager relays) {
        return relays::listenerCounts;
    }

    @Bean
    MeterBinder relayMetrics(RelayManager relays) {
        return registry -> Gauge.builder("creditcast.media.relay.running", relays, RelayManager::runningCount)
                .description("audio relays running")
                .register(registry);
    }
}
