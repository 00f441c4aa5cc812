package io.creditcast.ledger.wallet;

import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.account.UserId;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Facts about a wallet. Shipped events never change shape: add a revision and an upcaster instead. */
public sealed interface WalletEvent {
    /**
     * Revision 2 of CreditsDeposited, DepositRefunded, ChargebackRecorded and ChargebackReversed added {@code actor}:
     * who caused it (see {@link WalletCommands#PROVIDER_ACTOR_PREFIX}). Events stored before carry none; the
     * command service's upcaster fills in {@link #ACTOR_UNRECORDED}.
     */
    String ACTOR_REVISION = "2";

    /** The actor of a revision-1 deposit, refund, chargeback or reversal (recorded before actors were). */
    String ACTOR_UNRECORDED = "unrecorded";

    UserId walletId();

    /** Money-moving wallet events; each carries its balanced postings and the balance it left. */
    sealed interface Money extends WalletEvent, LedgerEntry {
        long balanceAfterMinor();
    }

    /** A fact that a verified payment added credits to a wallet. */
    @Revision(ACTOR_REVISION)
    record CreditsDeposited(
            UserId walletId,
            String paymentId,
            String provider,
            Credits amount,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            String actor,
            Instant occurredAt)
            implements Money {}

    /** A fact that a viewer started watching a stream at a fixed rate per interval. */
    record ViewingSessionStarted(
            UserId walletId,
            String sessionId,
            String streamId,
            UserId creatorId,
            Credits ratePerInterval,
            long intervalMs,
            Instant occurredAt)
            implements WalletEvent {}

    /** A fact that one viewing interval was paid for (once per session and interval index). */
    record IntervalDebited(
            UserId walletId,
            String sessionId,
            long intervalIndex,
            long playbackMs,
            String streamId,
            UserId creatorId,
            Credits amount,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            Instant occurredAt)
            implements Money {}

    /** A fact that a viewer tipped a creator, the platform fee split off in the same posting. */
    record TipSent(
            UserId walletId,
            String tipId,
            UserId creatorId,
            Credits amount,
            Credits fee,
            Credits creatorShare,
            String message,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            Instant occurredAt)
            implements Money {}

    /** A fact that a viewer bought a pass, ticket or subscription period. */
    record ProductPurchased(
            UserId walletId,
            String purchaseId,
            String productId,
            ProductKind kind,
            UserId creatorId,
            Credits price,
            Credits fee,
            Credits creatorShare,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            Instant occurredAt)
            implements Money {}

    /** A fact that (part of) a deposit was refunded to the payer; may leave the wallet negative. */
    @Revision(ACTOR_REVISION)
    record DepositRefunded(
            UserId walletId,
            String paymentId,
            String refundId,
            Credits amount,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            String actor,
            Instant occurredAt)
            implements Money {}

    /** A fact that a payer disputed a deposit and the provider took the money back. */
    @Revision(ACTOR_REVISION)
    record ChargebackRecorded(
            UserId walletId,
            String paymentId,
            String disputeId,
            Credits amount,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            String actor,
            Instant occurredAt)
            implements Money {}

    /** A fact that a dispute was won and the charged-back credits returned. */
    @Revision(ACTOR_REVISION)
    record ChargebackReversed(
            UserId walletId,
            String paymentId,
            String disputeId,
            Credits amount,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            String actor,
            Instant occurredAt)
            implements Money {}

    /** A fact that an admin corrected a wallet, with who and why. */
    record WalletAdjusted(
            UserId walletId,
            String adjustmentId,
            long amountMinor,
            String reason,
            UserId actor,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            Instant occurredAt)
            implements Money {}

    /** A fact that a wallet went negative through a refund or chargeback and may no longer spend. */
    record WalletFlagged(UserId walletId, long balanceMinor, String cause, Instant occurredAt) implements WalletEvent {}

    /** A fact that a flagged wallet is back at zero or above and may spend again. */
    record WalletUnflagged(UserId walletId, long balanceMinor, Instant occurredAt) implements WalletEvent {}
}
