package io.creditcast.media.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FactReporterTest {
    final CountDownLatch release = new CountDownLatch(1);
    final List<MediaFact> sent = new CopyOnWriteArrayList<>();
    final MediaCommandClient blockingClient = new MediaCommandClient() {
        @Override
        public IngestAuthorization authorize(String streamKey, IngestProtocol protocol) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void report(String streamId, MediaFact fact) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.add(fact);
        }

        @Override
        public Optional<StreamStatus> status(String streamId) {
            return Optional.empty();
        }
    };

    @Test
    void aFullQueueRefusesOneFactPastItsCapacityAndKeepsTheOrderOfTheRest() {
        FactReporter reporter = new FactReporter(blockingClient, 1, Duration.ofMillis(1), 2);
        assertThat(reporter.report("s", new MediaFact.WentLive("a", IngestProtocol.RTMP)))
                .isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> reporter.queuedCount() == 0); // taken, sending blocks
        assertThat(reporter.report("s", new MediaFact.IngestLost("a"))).isTrue();
        assertThat(reporter.report("s", new MediaFact.Ended("a"))).isTrue(); // at the capacity
        assertThat(reporter.report("s", new MediaFact.Audience(1, 0))).isFalse(); // one past it
        assertThat(reporter.droppedCount()).isEqualTo(1);
        release.countDown();
        reporter.close(Duration.ofSeconds(5));
        assertThat(sent)
                .containsExactly(
                        new MediaFact.WentLive("a", IngestProtocol.RTMP),
                        new MediaFact.IngestLost("a"),
                        new MediaFact.Ended("a"));
    }
}
