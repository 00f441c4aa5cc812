package io.creditcast.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The supervisor's rounds on a fake clock: restarts counted, a processor that keeps dying backed off. */
class ProjectionSupervisorTest {
    static final long INTERVAL_MS = 1_000;
    final AtomicLong clockNanos = new AtomicLong();
    final AtomicBoolean stopped = new AtomicBoolean(true);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ProjectionSupervisor supervisor =
            new ProjectionSupervisor(List.of("ledger"), name -> stopped.get(), INTERVAL_MS, meters, clockNanos::get);

    @Test
    void aProcessorThatKeepsDyingIsRestartedWithDoublingWaitsUpToTheCap() {
        assertThat(roundAt(0)).isEqualTo(1);
        assertThat(roundAt(500)).as("within the first wait").isZero();
        assertThat(roundAt(1_000)).isEqualTo(1);
        assertThat(roundAt(2_999)).as("the wait doubled to 2 s").isZero();
        assertThat(roundAt(3_000)).isEqualTo(1);
        assertThat(roundAt(6_999)).as("then 4 s").isZero();
        assertThat(roundAt(7_000)).isEqualTo(1);
        long at = 7_000;
        long wait = 8_000;
        while (wait < ProjectionSupervisor.MAX_BACKOFF_MS) {
            at += wait;
            assertThat(roundAt(at - 1)).isZero();
            assertThat(roundAt(at)).isEqualTo(1);
            wait *= 2;
        }
        at += ProjectionSupervisor.MAX_BACKOFF_MS;
        assertThat(roundAt(at - 1)).as("never more than the cap").isZero();
        assertThat(roundAt(at)).isEqualTo(1);
        assertThat(restarts()).isEqualTo(8.0);
    }

    @Test
    void aProcessorThatStayedUpIsRestartedAfterThePlainIntervalAgain() {
        assertThat(roundAt(0)).isEqualTo(1);
        assertThat(roundAt(1_000)).isEqualTo(1); // died again: next wait 2 s
        stopped.set(false);
        assertThat(roundAt(3_000)).as("running: nothing to do").isZero();
        stopped.set(true);
        long later = 1_000 + 2_000 + ProjectionSupervisor.MAX_BACKOFF_MS;
        assertThat(roundAt(later)).isEqualTo(1);
        assertThat(roundAt(later + INTERVAL_MS))
                .as("back to the plain interval")
                .isEqualTo(1);
        assertThat(restarts()).isEqualTo(4.0);
    }

    @Test
    void aFailedStartIsLoggedAndTriedAgainNextRound() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        ProjectionSupervisor flaky = new ProjectionSupervisor(
                List.of("earnings"),
                name -> {
                    if (failOnce.getAndSet(false)) {
                        throw new IllegalStateException("Cannot start this processor. It is pending shutdown...");
                    }
                    return true;
                },
                INTERVAL_MS,
                meters,
                clockNanos::get);
        assertThat(flaky.superviseOnce()).isZero();
        assertThat(flaky.superviseOnce()).isEqualTo(1);
    }

    private int roundAt(long ms) {
        clockNanos.set(TimeUnit.MILLISECONDS.toNanos(ms));
        return supervisor.superviseOnce();
    }

    private double restarts() {
        return meters.get("creditcast.projection.restarts")
                .tag("processor", "ledger")
                .counter()
                .count();
    }
}
