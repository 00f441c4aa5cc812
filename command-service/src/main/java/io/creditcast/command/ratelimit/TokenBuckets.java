package io.creditcast.command.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One token bucket per (user, budget): capacity = the per-minute budget, refilled continuously at
 * budget / 60 s. Bounded: past {@code maxTrackedUsers} buckets, buckets that have refilled completely (an
 * idle user loses nothing by forgetting them) are dropped.
 */
final class TokenBuckets {
    private static final long NANOS_PER_MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** Whether a request may proceed and, if not, how long until one token is back. */
    record Decision(boolean allowed, long retryAfterSeconds) {}

    private record Key(String user, Budget budget) {}

    private final RateLimitProperties properties;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Key, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(RateLimitProperties properties, LongSupplier nanoTime) {
        this.properties = properties;
        this.nanoTime = nanoTime;
    }

    Decision take(String user, Budget budget) {
        long capacity = properties.perMinute(budget);
        long now = nanoTime.getAsLong();
        if (buckets.size() >= properties.maxTrackedUsers() * Budget.values().length) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(new Key(user, budget), k -> new Bucket(capacity, now));
        return bucket.take(now);
    }

    int size() {
        return buckets.size();
    }

    /** Tokens in nano-units (1 token = NANOS_PER_MINUTE units) so refills stay exact integers. */
    private static final class Bucket {
        private final long capacity;
        private final long capacityUnits;
        private long units;
        private long lastNanos;

        Bucket(long capacity, long now) {
            this.capacity = capacity;
            this.capacityUnits =
                    Math.multiplyHigh(capacity, NANOS_PER_MINUTE) == 0 ? capacity * NANOS_PER_MINUTE : Long.MAX_VALUE;
            this.units = capacityUnits;
            this.lastNanos = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            if (units >= NANOS_PER_MINUTE) {
                units -= NANOS_PER_MINUTE;
                return new Decision(true, 0);
            }
            // refill rate: capacity tokens per minute = capacity units per nanosecond
            long missingUnits = NANOS_PER_MINUTE - units;
            long waitNanos = (missingUnits + capacity - 1) / capacity;
            return new Decision(false, Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return units >= capacityUnits;
        }

        private void refill(long now) {
            long elapsed = now - lastNanos;
            if (elapsed <= 0) {
                return;
            }
            lastNanos = now;
            long added = Math.multiplyHigh(elapsed, capacity) == 0 ? elapsed * capacity : Long.MAX_VALUE;
            units = added >= capacityUnits - units ? capacityUnits : units + added;
        }
    }
}
