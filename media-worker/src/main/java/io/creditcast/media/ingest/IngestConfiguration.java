package io.creditcast.media.ingest;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.ingest.rtmp.RtmpServer;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Live sessions, the RTMP listener and their metrics. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
public class IngestConfiguration {

    /** One source per stream on this worker: shared by the live sessions and the relays. */
    @Bean
    StreamSources streamSources() {
        return new StreamSources();
    }

    @Bean(destroyMethod = "close")
    LiveSessions liveSessions(
            MediaCommandClient client,
            FactReporter facts,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            Ladder defaultLadder,
            IngestProperties properties,
            StreamSources sources) {
        return new LiveSessions(
                client,
                facts,
                scheduler,
                pipes,
                defaultLadder,
                properties,
                sources,
                LiveSessions.HEALTH_REPORT_INTERVAL);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "creditcast.media.ingest.rtmp.enabled", matchIfMissing = true)
    RtmpServer rtmpServer(IngestProperties properties, LiveSessions sessions) throws IOException {
        return new RtmpServer(properties.rtmp(), sessions).start();
    }

    @Bean
    MeterBinder ingestMetrics(LiveSessions sessions, FactReporter facts) {
        return registry -> {
            Gauge.builder("creditcast.media.ingest.active", sessions, LiveSessions::activeIngests)
                    .description("live sessions with a connected publisher")
                    .register(registry);
            Gauge.builder("creditcast.media.ingest.sessions", sessions, LiveSessions::sessionCount)
                    .description("live sessions, including those waiting for a reconnect")
                    .register(registry);
            FunctionCounter.builder("creditcast.media.ffmpeg.restarts", sessions, LiveSessions::encoderRestarts)
                    .description("live encoder restarts after FFmpeg died")
                    .register(registry);
            for (LiveSessions.RecordingFailure reason : LiveSessions.RecordingFailure.values()) {
                FunctionCounter.builder(
                                "creditcast.media.recordings.failed", sessions, s -> s.recordingFailures(reason))
                        .description("recorded sessions that ended without a recording")
                        .tag("reason", reason.name())
                        .register(registry);
            }
            Gauge.builder("creditcast.media.facts.queued", facts, FactReporter::queuedCount)
                    .description("media facts waiting to be sent to the command side")
                    .register(registry);
            FunctionCounter.builder("creditcast.media.facts.dropped", facts, FactReporter::droppedCount)
                    .description("media facts given up on")
                    .register(registry);
        };
    }
}
