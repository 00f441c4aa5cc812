package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.bench.MeteringApi.EventStoreStats;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScenarioResultTest {

    private static final long TEN_SECONDS_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void many_creator_figures_carry_the_plain_names() {
        ScenarioResult result = result(
                false,
                50_000,
                Optional.of(new EventStoreStats(1_000, 1_000)),
                Optional.of(new EventStoreStats(51_150, 51_150)));

        assertThat(lines(result))
                .containsExactly(
                        "FIGURE metered_debits_per_s 5000 debits/s",
                        "FIGURE metered_debit_p99_ms 4.0 ms",
                        "FIGURE metered_debit_p50_ms 2.0 ms",
                        "FIGURE metered_debit_max_ms 4.0 ms",
                        "FIGURE metered_debit_errors 7 count",
                        "FIGURE events_per_debit 1.003 events/debit");
    }

    @Test
    void one_creator_figures_carry_the_one_creator_suffix() {
        ScenarioResult result = result(
                true, 50_000, Optional.of(new EventStoreStats(0, 0)), Optional.of(new EventStoreStats(50_000, 50_000)));

        assertThat(lines(result))
                .containsExactly(
                        "FIGURE metered_debits_per_s_one_creator 5000 debits/s",
                        "FIGURE metered_debit_p99_ms_one_creator 4.0 ms",
                        "FIGURE metered_debit_p50_ms_one_creator 2.0 ms",
                        "FIGURE metered_debit_max_ms_one_creator 4.0 ms",
                        "FIGURE metered_debit_errors_one_creator 7 count",
                        "FIGURE events_per_debit_one_creator 1.000 events/debit");
    }

    @Test
    void without_event_store_stats_there_is_no_events_per_debit_figure() {
        ScenarioResult result = result(false, 50_000, Optional.empty(), Optional.empty());

        assertThat(lines(result)).noneMatch(line -> line.contains("events_per_debit"));
        assertThat(result.summary()).contains("unknown");
    }

    @Test
    void without_debits_there_is_no_events_per_debit_and_zero_throughput() {
        ScenarioResult result =
                result(false, 0, Optional.of(new EventStoreStats(0, 0)), Optional.of(new EventStoreStats(3, 3)));

        assertThat(result.eventsPerDebit()).isEmpty();
        assertThat(lines(result)).contains("FIGURE metered_debits_per_s 0 debits/s");
    }

    @Test
    void errors_add_up_every_non_2xx_answer_and_transport_failure() {
        ScenarioResult result = result(false, 10, Optional.empty(), Optional.empty());

        assertThat(result.errors()).isEqualTo(3 + 2 + 1 + 1);
        assertThat(result.summary())
                .contains("4xx               3 (of which 402 out of credits: 1)")
                .contains("transport errors  1");
    }

    private static ScenarioResult result(
            boolean oneCreator, long debits, Optional<EventStoreStats> before, Optional<EventStoreStats> after) {
        PhaseCounters counters = new PhaseCounters();
        counters.debits.add(debits);
        counters.status2xx.add(debits);
        counters.status4xx.add(3);
        counters.status402.add(1);
        counters.status5xx.add(2);
        counters.otherStatus.add(1);
        counters.transportErrors.add(1);
        counters.requests.add(debits + 7);
        for (int i = 0; i < 98; i++) {
            counters.recordLatency(TimeUnit.MILLISECONDS.toNanos(2));
        }
        counters.recordLatency(TimeUnit.MILLISECONDS.toNanos(4));
        counters.recordLatency(TimeUnit.MILLISECONDS.toNanos(4));
        return ScenarioResult.of(
                oneCreator ? "one creator" : "many creators",
                oneCreator,
                100,
                oneCreator ? 1 : 10,
                64,
                TEN_SECONDS_NANOS,
                counters,
                before,
                after);
    }

    private static List<String> lines(ScenarioResult result) {
        return result.figures().stream().map(Figure::line).toList();
    }
}
