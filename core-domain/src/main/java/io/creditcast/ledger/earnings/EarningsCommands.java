package io.creditcast.ledger.earnings;

import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.UserId;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a creator's earnings: batched settlement in, payouts out. */
public final class EarningsCommands {
    private EarningsCommands() {}

    /**
     * Credits one settlement run's income for one creator. Runs are numbered; a run number at or below
     * the last one applied is a duplicate and changes nothing.
     */
    public record SettleEarnings(
            @TargetAggregateIdentifier UserId creatorId,
            long runNumber,
            Credits meteringGross,
            Credits tipsNet,
            Credits purchasesNet,
            long debitCount,
            FeePolicy meteringFeePolicy) {
        public SettleEarnings {
            Objects.requireNonNull(creatorId, "creatorId");
            if (runNumber <= 0) {
                throw new IllegalArgumentException("runNumber must be positive");
            }
            Objects.requireNonNull(meteringGross, "meteringGross");
            Objects.requireNonNull(tipsNet, "tipsNet");
            Objects.requireNonNull(purchasesNet, "purchasesNet");
            Objects.requireNonNull(meteringFeePolicy, "meteringFeePolicy");
            if (meteringGross.plus(tipsNet).plus(purchasesNet).isZero()) {
                throw new IllegalArgumentException("a settlement must carry income");
            }
        }
    }

    public record RequestPayout(@TargetAggregateIdentifier UserId creatorId, PayoutId payoutId, Credits amount) {
        public RequestPayout {
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(payoutId, "payoutId");
            if (!payoutId.creatorId().equals(creatorId)) {
                throw new IllegalArgumentException("payout id belongs to another creator");
            }
            Objects.requireNonNull(amount, "amount");
            if (amount.isZero()) {
                throw new IllegalArgumentException("amount must be positive");
            }
        }
    }

    /** One approval; payouts above the threshold need two distinct approvers before completion. */
    public record ApprovePayout(
            @TargetAggregateIdentifier UserId creatorId,
            PayoutId payoutId,
            UserId approver,
            Credits secondApprovalAbove) {
        public ApprovePayout {
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(approver, "approver");
            Objects.requireNonNull(secondApprovalAbove, "secondApprovalAbove");
        }
    }

    public record CompletePayout(
            @TargetAggregateIdentifier UserId creatorId, PayoutId payoutId, String providerReference, UserId actor) {
        public CompletePayout {
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(providerReference, "providerReference");
            if (providerReference.isBlank() || providerReference.length() > 200) {
                throw new IllegalArgumentException("providerReference must be 1-200 characters");
            }
            Objects.requireNonNull(actor, "actor");
        }
    }

    public record FailPayout(
            @TargetAggregateIdentifier UserId creatorId, PayoutId payoutId, String reason, UserId actor) {
        public FailPayout {
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(payoutId, "payoutId");
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank() || reason.length() > 500) {
                throw new IllegalArgumentException("reason must be 1-500 characters");
            }
            Objects.requireNonNull(actor, "actor");
        }
    }
}
