package io.creditcast.media.transcode;

import java.time.Duration;

/**
 * Exponential backoff for restarting live jobs whose encoder died.
 *
 * @param maxRestarts restarts allowed before the job fails for good (0 disables restarts)
 * @param initialBackoff wait before the first restart
 * @param maxBackoff cap on the wait
 * @param backoffMultiplier factor between consecutive waits (≥ 1)
 * @param stableAfter a run at least this long resets the restart count (a stream that ran for an hour and
 *     then hiccups gets the full budget again)
 */
public record RestartPolicy(
        int maxRestarts, Duration initialBackoff, Duration maxBackoff, int backoffMultiplier, Duration stableAfter) {

    public static final int MAX_RESTARTS_LIMIT = 100;

    public RestartPolicy {
        if (maxRestarts < 0 || maxRestarts > MAX_RESTARTS_LIMIT) {
            throw new IllegalArgumentException("maxRestarts must be 0.." + MAX_RESTARTS_LIMIT + ": " + maxRestarts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
        if (backoffMultiplier < 1 || backoffMultiplier > 10) {
            throw new IllegalArgumentException("backoffMultiplier must be 1..10: " + backoffMultiplier);
        }
        if (stableAfter.isNegative() || stableAfter.isZero()) {
            throw new IllegalArgumentException("stableAfter must be positive");
        }
    }

    /** 5 restarts, 1 s doubling to at most 30 s; a 60 s run resets the count. */
    public static RestartPolicy defaults() {
        return new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), 2, Duration.ofSeconds(60));
    }

    /** The wait before restart number {@code restart} (1-based). */
    public Duration backoff(int restart) {
        if (restart < 1) {
            throw new IllegalArgumentException("restart is 1-based: " + restart);
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < restart && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(backoffMultiplier);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
