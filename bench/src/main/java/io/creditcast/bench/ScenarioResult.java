package io.creditcast.bench;

import io.creditcast.bench.MeteringApi.EventStoreStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The measured phase of one scenario.
 *
 * @param oneCreator whether this is the one-creator scenario (its figures carry {@code _one_creator})
 * @param latencyNanos send-to-response latencies of every answered or failed request of the measured phase
 * @param statsBefore event store counters read after warm-up, before measuring; empty if unavailable
 * @param statsAfter event store counters read after the measured phase drained; empty if unavailable
 */
record ScenarioResult(
        String label,
        boolean oneCreator,
        int viewers,
        int creators,
        int inFlight,
        long measuredNanos,
        long requests,
        long status2xx,
        long debits,
        long replayed,
        long status4xx,
        long status402,
        long status5xx,
        long otherStatus,
        long transportErrors,
        Histogram latencyNanos,
        Optional<EventStoreStats> statsBefore,
        Optional<EventStoreStats> statsAfter) {

    static final String ONE_CREATOR_SUFFIX = "_one_creator";
    private static final double NANOS_PER_MS = 1_000_000.0;
    private static final double NANOS_PER_S = 1_000_000_000.0;

    ScenarioResult {
        if (measuredNanos <= 0) {
            throw new IllegalArgumentException("measuredNanos must be positive, got " + measuredNanos);
        }
    }

    static ScenarioResult of(
            String label,
            boolean oneCreator,
            int viewers,
            int creators,
            int inFlight,
            long measuredNanos,
            PhaseCounters counters,
            Optional<EventStoreStats> statsBefore,
            Optional<EventStoreStats> statsAfter) {
        return new ScenarioResult(
                label,
                oneCreator,
                viewers,
                creators,
                inFlight,
                measuredNanos,
                counters.requests.sum(),
                counters.status2xx.sum(),
                counters.debits.sum(),
                counters.replayed.sum(),
                counters.status4xx.sum(),
                counters.status402.sum(),
                counters.status5xx.sum(),
                counters.otherStatus.sum(),
                counters.transportErrors.sum(),
                counters.latencySnapshot(),
                statsBefore,
                statsAfter);
    }

    double measuredSeconds() {
        return measuredNanos / NANOS_PER_S;
    }

    /** Successful, non-replayed debits per measured second. */
    double debitsPerSecond() {
        return debits / measuredSeconds();
    }

    double requestsPerSecond() {
        return requests / measuredSeconds();
    }

    /** Every request that did not end in a 2xx: 4xx (including 402), 5xx, other statuses, transport errors. */
    long errors() {
        return status4xx + status5xx + otherStatus + transportErrors;
    }

    double latencyMsAtPercentile(double percentile) {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / NANOS_PER_MS;
    }

    double latencyMsMax() {
        return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getMaxValue() / NANOS_PER_MS;
    }

    /** Events appended per debit during the measured phase; empty without stats or without debits. */
    OptionalDouble eventsPerDebit() {
        if (statsBefore.isEmpty() || statsAfter.isEmpty() || debits == 0) {
            return OptionalDouble.empty();
        }
        long events = statsAfter.get().eventsTotal() - statsBefore.get().eventsTotal();
        return OptionalDouble.of((double) events / debits);
    }

    /** The FIGURE lines of this scenario, suffixed {@code _one_creator} for the one-creator scenario. */
    List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("metered_debits_per_s", debitsPerSecond(), 0, "debits/s"));
        figures.add(new Figure("metered_debit_p99_ms", latencyMsAtPercentile(99), 1, "ms"));
        figures.add(new Figure("metered_debit_p50_ms", latencyMsAtPercentile(50), 1, "ms"));
        figures.add(new Figure("metered_debit_max_ms", latencyMsMax(), 1, "ms"));
        figures.add(Figure.count("metered_debit_errors", errors()));
        eventsPerDebit().ifPresent(value -> figures.add(new Figure("events_per_debit", value, 3, "events/debit")));
        if (!oneCreator) {
            return figures;
        }
        return figures.stream()
                .map(figure -> figure.withSuffix(ONE_CREATOR_SUFFIX))
                .toList();
    }

    /** A human-readable block. */
    String summary() {
        StringBuilder text = new StringBuilder();
        line(text, "== scenario: %s (%d viewers, %d creators, %d in flight) ==", label, viewers, creators, inFlight);
        line(text, "measured          %.2f s", measuredSeconds());
        line(text, "requests          %d (%.0f req/s)", requests, requestsPerSecond());
        line(text, "2xx               %d (debits %d, replayed %d)", status2xx, debits, replayed);
        line(text, "4xx               %d (of which 402 out of credits: %d)", status4xx, status402);
        line(text, "5xx               %d", status5xx);
        line(text, "other status      %d", otherStatus);
        line(text, "transport errors  %d", transportErrors);
        line(text, "debits/s          %.0f", debitsPerSecond());
        line(
                text,
                "latency ms        p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f",
                latencyMsAtPercentile(50),
                latencyMsAtPercentile(90),
                latencyMsAtPercentile(99),
                latencyMsAtPercentile(99.9),
                latencyMsMax());
        if (statsBefore.isPresent() && statsAfter.isPresent()) {
            EventStoreStats before = statsBefore.get();
            EventStoreStats after = statsAfter.get();
            line(
                    text,
                    "events            %d -> %d (+%d; global index %d -> %d)",
                    before.eventsTotal(),
                    after.eventsTotal(),
                    after.eventsTotal() - before.eventsTotal(),
                    before.maxGlobalIndex(),
                    after.maxGlobalIndex());
        } else {
            line(text, "events            unknown (event store stats endpoint unavailable)");
        }
        eventsPerDebit().ifPresent(value -> line(text, "events/debit      %.3f", value));
        return text.toString();
    }

    private static void line(StringBuilder text, String format, Object... args) {
        text.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
