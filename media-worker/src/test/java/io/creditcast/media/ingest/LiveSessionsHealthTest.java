package io.creditcast.media.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ffmpeg.FfmpegJob;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.RestartPolicy;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest-health sample of a live session, with {@code dd} standing in for FFmpeg (it reads the FLV feed and
 * reports no progress): the input bitrate is measured from the bytes fed, the encoder figures stay null because
 * nothing measured them, and the publisher's connection state follows the session.
 */
class LiveSessionsHealthTest {
    @TempDir
    Path root;

    final RecordingCommandClient commandSide = new RecordingCommandClient();
    final PipedInputs pipes = new PipedInputs();
    final TranscodeScheduler scheduler = new TranscodeScheduler(
            pipes.around((request, attempt, onProgress) -> FfmpegJob.start(
                    request.id() + "#" + attempt,
                    new ProcessBuilder("dd", "of=/dev/null", "status=none")
                            .directory(request.workDir().toFile()),
                    10,
                    onProgress)),
            new TranscodeScheduler.Limits(2, 0, Duration.ofSeconds(2)),
            new RestartPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), 2, Duration.ofMinutes(1)));
    final FactReporter facts = new FactReporter(commandSide, 1, Duration.ofMillis(10), 100);
    LiveSessions sessions;

    @AfterEach
    void stop() {
        if (sessions != null) {
            sessions.close();
        }
        scheduler.close();
        facts.close();
    }

    List<MediaFact.Health> healthOf(String streamId) {
        return commandSide.facts(streamId).stream()
                .filter(MediaFact.Health.class::isInstance)
                .map(MediaFact.Health.class::cast)
                .toList();
    }

    void sampleWhenQueueIsEmpty() {
        await().atMost(Duration.ofSeconds(10)).until(() -> facts.queuedCount() == 0);
        sessions.reportHealth();
    }

    @Test
    void measures_the_input_bitrate_and_reports_no_encoder_figure_that_nothing_measured() {
        IngestProperties properties = new IngestProperties(
                root.resolve("live"),
                Duration.ofSeconds(30),
                2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                1,
                90,
                false,
                Duration.ofSeconds(5),
                new IngestProperties.Rtmp(
                        false, "127.0.0.1", 0, "live", 4, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        sessions = new LiveSessions(commandSide, facts, scheduler, pipes, RtmpIngestIT.SMALL, properties);
        StreamKey key = commandSide.newStream("stream-h");
        PublishSink sink;
        try {
            sink = sessions.publish(key.value(), IngestProtocol.RTMP, () -> {});
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sessions.session("stream-h")
                .map(v -> v.encoderAttempts() >= 1)
                .orElse(false));

        sampleWhenQueueIsEmpty(); // the first sample has no window yet
        byte[] keyframe = new byte[10_000];
        keyframe[0] = 0x17; // AVC keyframe
        keyframe[1] = 0x01; // a NAL unit, not the sequence header
        for (int i = 0; i < 50; i++) {
            sink.media(9, i * 40L, keyframe);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessions.session("stream-h").orElseThrow().bytesIn() >= 50 * 10_000);
        sampleWhenQueueIsEmpty();
        sink.publisherGone();
        sampleWhenQueueIsEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> healthOf("stream-h").size() == 3);

        List<MediaFact.Health> samples = healthOf("stream-h");
        String session = sessions.session("stream-h").orElseThrow().sessionId();
        MediaFact.Health first = samples.get(0);
        assertThat(first.ingestSessionId()).isEqualTo(session);
        assertThat(first.publisherConnected()).isTrue();
        assertThat(first.inputBitrateKbps()).isNull();
        assertThat(first.encoderFps()).isNull();
        assertThat(first.encoderSpeed()).isNull();
        assertThat(first.encoderRestarts()).isZero();

        MediaFact.Health second = samples.get(1);
        assertThat(second.inputBitrateKbps()).isPositive();
        assertThat(second.encoderFps()).isNull(); // dd reports no frames
        assertThat(second.encoderSpeed()).isNull();

        MediaFact.Health third = samples.get(2);
        assertThat(third.publisherConnected()).isFalse(); // in the reconnect grace period
    }
}
