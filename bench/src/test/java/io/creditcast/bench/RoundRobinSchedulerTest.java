package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.bench.RoundRobinScheduler.Outcome;
import io.creditcast.bench.RoundRobinScheduler.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoundRobinSchedulerTest {

    @Test
    void viewers_take_turns_and_each_sends_its_intervals_in_order() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(3, Long.MAX_VALUE);
        List<Ticket> sent = new ArrayList<>();

        for (int i = 0; i < 9; i++) {
            Ticket ticket = scheduler.poll().orElseThrow();
            sent.add(ticket);
            scheduler.complete(ticket, Outcome.ADVANCE);
        }

        assertThat(sent)
                .containsExactly(
                        new Ticket(0, 0),
                        new Ticket(1, 0),
                        new Ticket(2, 0),
                        new Ticket(0, 1),
                        new Ticket(1, 1),
                        new Ticket(2, 1),
                        new Ticket(0, 2),
                        new Ticket(1, 2),
                        new Ticket(2, 2));
    }

    @Test
    void a_viewer_never_has_two_requests_in_flight() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(2, Long.MAX_VALUE);

        Ticket first = scheduler.poll().orElseThrow();
        Ticket second = scheduler.poll().orElseThrow();

        assertThat(List.of(first.viewer(), second.viewer())).containsExactly(0, 1);
        assertThat(scheduler.poll()).isEmpty();
        scheduler.complete(second, Outcome.ADVANCE);
        assertThat(scheduler.poll()).contains(new Ticket(1, 1));
        assertThat(scheduler.poll()).isEmpty();
    }

    @Test
    void answers_out_of_order_requeue_viewers_in_completion_order() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(3, Long.MAX_VALUE);
        Ticket zero = scheduler.poll().orElseThrow();
        Ticket one = scheduler.poll().orElseThrow();
        Ticket two = scheduler.poll().orElseThrow();

        scheduler.complete(two, Outcome.ADVANCE);
        scheduler.complete(zero, Outcome.ADVANCE);
        scheduler.complete(one, Outcome.ADVANCE);

        assertThat(scheduler.poll()).contains(new Ticket(2, 1));
        assertThat(scheduler.poll()).contains(new Ticket(0, 1));
        assertThat(scheduler.poll()).contains(new Ticket(1, 1));
    }

    @Test
    void a_retried_interval_is_sent_again_after_the_other_viewers() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(2, Long.MAX_VALUE);
        Ticket zero = scheduler.poll().orElseThrow();

        scheduler.complete(zero, Outcome.RETRY);

        assertThat(scheduler.poll()).contains(new Ticket(1, 0));
        assertThat(scheduler.poll()).contains(new Ticket(0, 0));
        assertThat(scheduler.nextIntervalIndex(0)).isZero();
    }

    @Test
    void a_retired_viewer_leaves_the_rotation() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(2, Long.MAX_VALUE);
        Ticket zero = scheduler.poll().orElseThrow();
        Ticket one = scheduler.poll().orElseThrow();

        scheduler.complete(zero, Outcome.RETIRE);
        scheduler.complete(one, Outcome.ADVANCE);

        assertThat(scheduler.activeViewers()).isEqualTo(1);
        assertThat(scheduler.poll()).contains(new Ticket(1, 1));
        assertThat(scheduler.poll()).isEmpty();
    }

    @Test
    void a_viewer_past_the_last_interval_retires() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(2, 1);

        scheduler.complete(scheduler.poll().orElseThrow(), Outcome.ADVANCE);
        scheduler.complete(scheduler.poll().orElseThrow(), Outcome.ADVANCE);
        Ticket lastOfZero = scheduler.poll().orElseThrow();
        scheduler.complete(lastOfZero, Outcome.ADVANCE);

        assertThat(lastOfZero).isEqualTo(new Ticket(0, 1));
        assertThat(scheduler.activeViewers()).isEqualTo(1);
        assertThat(scheduler.poll()).contains(new Ticket(1, 1));
        assertThat(scheduler.poll()).isEmpty();
    }

    @Test
    void take_returns_at_once_when_every_viewer_is_retired() throws InterruptedException {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(1, Long.MAX_VALUE);
        scheduler.complete(scheduler.poll().orElseThrow(), Outcome.RETIRE);

        long start = System.nanoTime();
        assertThat(scheduler.take(TimeUnit.MINUTES.toNanos(1))).isEmpty();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void take_waits_for_a_viewer_to_come_back() throws Exception {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(1, Long.MAX_VALUE);
        Ticket only = scheduler.poll().orElseThrow();
        Thread completer = new Thread(() -> scheduler.complete(only, Outcome.ADVANCE));

        completer.start();
        var next = scheduler.take(TimeUnit.SECONDS.toNanos(30));
        completer.join();

        assertThat(next).contains(new Ticket(0, 1));
    }

    @Test
    void take_gives_up_after_its_timeout_when_all_viewers_are_busy() throws InterruptedException {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(1, Long.MAX_VALUE);
        scheduler.poll().orElseThrow();

        assertThat(scheduler.take(TimeUnit.MILLISECONDS.toNanos(20))).isEmpty();
        assertThat(scheduler.take(0)).isEmpty();
    }

    @Test
    void completing_a_ticket_twice_or_a_stale_ticket_is_a_programming_error() {
        RoundRobinScheduler scheduler = new RoundRobinScheduler(1, Long.MAX_VALUE);
        Ticket ticket = scheduler.poll().orElseThrow();
        scheduler.complete(ticket, Outcome.ADVANCE);

        assertThatThrownBy(() -> scheduler.complete(ticket, Outcome.ADVANCE)).isInstanceOf(IllegalStateException.class);
        scheduler.poll().orElseThrow();
        assertThatThrownBy(() -> scheduler.complete(ticket, Outcome.ADVANCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stale");
        assertThatThrownBy(() -> new RoundRobinScheduler(0, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoundRobinScheduler(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
