package io.creditcast.media.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void handsOutEveryPortOnceAndNothingPastTheLimit() {
        PortPool pool = new PortPool(9000, 9002);
        assertThat(pool.take()).hasValue(9000);
        assertThat(pool.take()).hasValue(9001);
        assertThat(pool.take()).as("at the limit").hasValue(9002);
        assertThat(pool.taken()).isEqualTo(3);
        assertThat(pool.take()).as("one past the limit").isEqualTo(OptionalInt.empty());
    }

    @Test
    void aReleasedPortIsHandedOutAgain() {
        PortPool pool = new PortPool(9000, 9001);
        pool.take();
        pool.take();
        pool.release(9000);
        assertThat(pool.take()).hasValue(9000);
        assertThat(pool.take()).isEmpty();
    }

    @Test
    void aOnePortPoolWorks() {
        PortPool pool = new PortPool(65_535, 65_535);
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.take()).hasValue(65_535);
        assertThat(pool.take()).isEmpty();
    }

    @Test
    void releasingAPortNotTakenIsAProgrammingError() {
        PortPool pool = new PortPool(9000, 9001);
        assertThatThrownBy(() -> pool.release(9000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.release(8999)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.release(9002)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRangeOutsideUdpPortsIsRefused() {
        assertThatThrownBy(() -> new PortPool(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortPool(9001, 9000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortPool(65_535, 65_536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertiesLimitThePoolToMaxPortsAndOneMoreIsRefused() {
        new SrtProperties(
                true,
                "0.0.0.0",
                "localhost",
                10_000,
                10_000 + SrtProperties.MAX_PORTS - 1,
                java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMillis(200));
        assertThatThrownBy(() -> new SrtProperties(
                        true,
                        "0.0.0.0",
                        "localhost",
                        10_000,
                        10_000 + SrtProperties.MAX_PORTS,
                        java.time.Duration.ofMinutes(1),
                        java.time.Duration.ofMillis(200)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
