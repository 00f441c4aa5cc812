package io.creditcast.ledger.earnings;

import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.account.UserId;
import java.time.Instant;
import java.util.List;

/** Facts about a creator's earnings. */
public sealed interface EarningsEvent {
    UserId creatorId();

    /**
     * A fact that one settlement run moved a creator's income out of the settlement account: metering
     * income split into creator share and platform fee here; tips and purchases were split when posted.
     */
    record EarningsSettled(
            UserId creatorId,
            long runNumber,
            Credits meteringGross,
            Credits meteringFee,
            Credits tipsNet,
            Credits purchasesNet,
            Credits credited,
            long debitCount,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            Instant occurredAt)
            implements EarningsEvent, LedgerEntry {}

    /** A fact that a creator asked to be paid; the amount is held (pending) and no longer available. */
    record PayoutRequested(UserId creatorId, String payoutId, Credits amount, Instant occurredAt)
            implements EarningsEvent {}

    /** A fact that an approver approved a payout; {@code fullyApproved} once enough distinct approvers have. */
    record PayoutApproved(
            UserId creatorId,
            String payoutId,
            UserId approver,
            int approvals,
            boolean fullyApproved,
            Instant occurredAt)
            implements EarningsEvent {}

    /** A fact that a payout was sent: the held amount is posted out of earnings. */
    record PayoutCompleted(
            UserId creatorId,
            String payoutId,
            Credits amount,
            String providerReference,
            UserId actor,
            String transactionId,
            List<Posting> postings,
            long balanceAfterMinor,
            Instant occurredAt)
            implements EarningsEvent, LedgerEntry {}

    /** A fact that a payout failed or was rejected: its hold is voided and the amount available again. */
    record PayoutFailed(
            UserId creatorId, String payoutId, Credits amount, String reason, UserId actor, Instant occurredAt)
            implements EarningsEvent {}
}
