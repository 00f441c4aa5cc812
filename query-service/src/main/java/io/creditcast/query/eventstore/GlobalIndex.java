package io.creditcast.query.eventstore;

import org.axonframework.messaging.MetaData;

/**
 * The global index of the event being handled, which {@link IndexedJdbcEventStorageEngine} puts in its
 * metadata when reading it.
 *
 * <p>Never take it from the tracking token: a {@code GapAwareTrackingToken}'s position is the highest index
 * the processor has seen, so an event that fills a gap (committed after events with higher indexes, e.g. a
 * group-committed metering batch) carries the position of a later event. Keyed by that position its journal
 * rows collided with the later event's and were dropped as already applied (the live-projection losses of
 * the reliability campaigns, 2026-12-03).
 */
public final class GlobalIndex {
    /** The metadata key; only ever set on read, never stored. */
    public static final String KEY = "creditcast.globalIndex";

    private GlobalIndex() {}

    /** The event's own global index (its row in {@code domainevententry}). */
    public static long of(MetaData metaData) {
        Object value = metaData.get(KEY);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException(
                "event without " + KEY + " in its metadata: it was not read through IndexedJdbcEventStorageEngine");
    }
}
