package io.creditcast.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What one phase (warm-up or measurement) saw; written concurrently by response callbacks. */
final class PhaseCounters {

    /** Latencies above this are clamped (recorded as the maximum) rather than lost. */
    static final long MAX_TRACKABLE_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);

    static final int LATENCY_SIGNIFICANT_DIGITS = 3;

    private final ConcurrentHistogram latencyNanos =
            new ConcurrentHistogram(MAX_TRACKABLE_LATENCY_NANOS, LATENCY_SIGNIFICANT_DIGITS);
    final LongAdder requests = new LongAdder();
    final LongAdder status2xx = new LongAdder();
    final LongAdder debits = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder status4xx = new LongAdder();
    final LongAdder status402 = new LongAdder();
    final LongAdder status5xx = new LongAdder();
    final LongAdder otherStatus = new LongAdder();
    final LongAdder transportErrors = new LongAdder();

    void recordLatency(long nanos) {
        latencyNanos.recordValue(Math.max(0, Math.min(nanos, MAX_TRACKABLE_LATENCY_NANOS)));
    }

    /** A copy, safe to read once the phase has drained. */
    Histogram latencySnapshot() {
        return latencyNanos.copy();
    }
}
