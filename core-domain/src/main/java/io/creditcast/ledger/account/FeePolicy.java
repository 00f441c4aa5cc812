package io.creditcast.ledger.account;

/**
 * The platform's share of creator income, in basis points. The fee is rounded down so the creator
 * never receives less than their exact share; the remainder goes to the creator.
 */
public record FeePolicy(int feeBps) {
    public static final int MAX_BPS = 10_000;
    public static final FeePolicy DEFAULT = new FeePolicy(3_000);

    public FeePolicy {
        if (feeBps < 0 || feeBps > MAX_BPS) {
            throw new IllegalArgumentException("fee must be 0..10000 basis points: " + feeBps);
        }
    }

    public Split split(Credits gross) {
        long fee = gross.minor() * feeBps / MAX_BPS; // <= 1e16, no overflow
        return new Split(gross, Credits.of(fee), Credits.of(gross.minor() - fee));
    }

    public record Split(Credits gross, Credits fee, Credits creatorShare) {}
}
