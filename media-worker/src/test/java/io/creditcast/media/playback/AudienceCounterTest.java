package io.creditcast.media.playback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AudienceCounterTest {
    final AtomicLong now = new AtomicLong();
    final AudienceCounter counter = new AudienceCounter(Duration.ofSeconds(15), 2, now::get);

    @Test
    void viewersCountWhileTheyFetchedWithinTheWindow() {
        counter.saw("s", "a");
        counter.saw("s", "a");
        counter.saw("s", "b");
        assertThat(counter.count("s")).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(16).toNanos());
        counter.saw("s", "b");
        assertThat(counter.count("s")).isEqualTo(1);
    }

    @Test
    void viewersPastTheLimitAreNotRemembered() {
        counter.saw("s", "a");
        counter.saw("s", "b"); // at the limit
        counter.saw("s", "c"); // one past it
        assertThat(counter.count("s")).isEqualTo(2);
    }
}
