package io.creditcast.ledger.wallet;

/** What wallet command handlers answer with. */
public final class WalletResults {
    private WalletResults() {}

    /** The wallet's state after a command (or unchanged, when {@code replayed}). */
    public record WalletOutcome(String transactionId, long balanceMinor, boolean flagged, boolean replayed) {}

    /** The answer to a metering ping. */
    public record MeterOutcome(
            String sessionId,
            long intervalIndex,
            long debitedMinor,
            long remainingCredits,
            long nextAllowedMs,
            boolean replayed) {}
}
