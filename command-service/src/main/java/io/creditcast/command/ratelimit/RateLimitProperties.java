package io.creditcast.command.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-user API budgets, each a token bucket refilled evenly over a minute (a full minute's budget may be
 * spent in a burst). Three separate budgets so that a viewer's pings never starve their reads or writes:
 *
 * @param enabled off only for benchmarks that measure raw throughput
 * @param readsPerMinute GET/HEAD under {@code /api/} (default 1200; seed 004's API clients: 100)
 * @param writesPerMinute other methods under {@code /api/} except pings (default 300; seed 004's API clients: 10)
 * @param pingsPerMinute {@code POST /api/v1/meter} (default 600: a viewer pings every 10 s, i.e. 6 a minute;
 *     100× leaves room for retries, several sessions and catching up after a stall)
 * @param maxTrackedUsers users with a bucket held in memory (default 100000); idle full buckets are dropped first
 */
@ConfigurationProperties("creditcast.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1200") long readsPerMinute,
        @DefaultValue("300") long writesPerMinute,
        @DefaultValue("600") long pingsPerMinute,
        @DefaultValue("100000") int maxTrackedUsers) {
    public RateLimitProperties {
        if (readsPerMinute < 1 || writesPerMinute < 1 || pingsPerMinute < 1) {
            throw new IllegalArgumentException("creditcast.rate-limits budgets must be at least 1 per minute");
        }
        if (maxTrackedUsers < 1) {
            throw new IllegalArgumentException("creditcast.rate-limits.max-tracked-users must be at least 1");
        }
    }

    long perMinute(Budget budget) {
        return switch (budget) {
            case READS -> readsPerMinute;
            case WRITES -> writesPerMinute;
            case PINGS -> pingsPerMinute;
        };
    }
}
