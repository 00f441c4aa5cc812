package io.creditcast.ledger.account;

/**
 * A positive or zero amount of credits in integer minor units (asset scale 0: one minor unit is one
 * credit). Signed balance changes are {@link Posting}s; amounts in commands are {@code Credits}.
 */
public record Credits(long minor) implements Comparable<Credits> {
    /** The largest amount any single operation may move; keeps every sum far from overflow. */
    public static final long MAX_MINOR = 1_000_000_000_000L;

    public static final Credits ZERO = new Credits(0);

    public Credits {
        if (minor < 0) {
            throw new IllegalArgumentException("credits must not be negative: " + minor);
        }
        if (minor > MAX_MINOR) {
            throw new IllegalArgumentException("credits must not exceed " + MAX_MINOR + ": " + minor);
        }
    }

    public static Credits of(long minor) {
        return new Credits(minor);
    }

    public boolean isZero() {
        return minor == 0;
    }

    public Credits plus(Credits other) {
        return new Credits(minor + other.minor);
    }

    public Credits minus(Credits other) {
        return new Credits(minor - other.minor);
    }

    @Override
    public int compareTo(Credits other) {
        return Long.compare(minor, other.minor);
    }
}
