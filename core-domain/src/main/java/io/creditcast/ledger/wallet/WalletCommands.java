package io.creditcast.ledger.wallet;

import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.UserId;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands on a viewer's wallet. Shape checks live here; business rules live in {@link Wallet}. */
public final class WalletCommands {
    private WalletCommands() {}

    /** Longest free-text field (reasons, tip messages). */
    public static final int MAX_TEXT_CHARS = 500;

    static String requireKey(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException(name + " must be 1-200 characters");
        }
        return value;
    }

    static Credits requirePositive(Credits amount, String name) {
        Objects.requireNonNull(amount, name);
        if (amount.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return amount;
    }

    /**
     * Who caused a money movement that is not the wallet owner's own doing (deposits, refunds, chargebacks and
     * their reversals): the acting user's id (an admin, or the payments service account) for the admin
     * endpoints, {@code provider:<name>} for a verified provider webhook.
     */
    public static final String PROVIDER_ACTOR_PREFIX = "provider:";

    /** A verified payment adds credits; the payment id is the idempotency key. */
    public record DepositCredits(
            @TargetAggregateIdentifier UserId walletId,
            String paymentId,
            String provider,
            Credits amount,
            String actor) {
        public DepositCredits {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(paymentId, "paymentId");
            requireKey(provider, "provider");
            requirePositive(amount, "amount");
            requireKey(actor, "actor");
        }
    }

    /** Opens a metered viewing session with the rate resolved when it starts. */
    public record StartViewingSession(
            @TargetAggregateIdentifier UserId walletId,
            String sessionId,
            String streamId,
            UserId creatorId,
            Credits ratePerInterval,
            long intervalMs) {
        public StartViewingSession {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(sessionId, "sessionId");
            requireKey(streamId, "streamId");
            Objects.requireNonNull(creatorId, "creatorId");
            requirePositive(ratePerInterval, "ratePerInterval");
            if (intervalMs < 1_000 || intervalMs > 600_000) {
                throw new IllegalArgumentException("intervalMs must be 1000..600000");
            }
        }
    }

    /** Pays for one viewing interval; idempotent by (sessionId, intervalIndex). */
    public record DebitMeteredInterval(
            @TargetAggregateIdentifier UserId walletId, String sessionId, long intervalIndex, long playbackMs) {
        public DebitMeteredInterval {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(sessionId, "sessionId");
            if (intervalIndex < 0) {
                throw new IllegalArgumentException("intervalIndex must not be negative");
            }
            if (playbackMs < 0) {
                throw new IllegalArgumentException("playbackMs must not be negative");
            }
        }
    }

    public record TipCreator(
            @TargetAggregateIdentifier UserId walletId,
            String tipId,
            UserId creatorId,
            Credits amount,
            String message,
            FeePolicy feePolicy) {
        public TipCreator {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(tipId, "tipId");
            Objects.requireNonNull(creatorId, "creatorId");
            requirePositive(amount, "amount");
            Objects.requireNonNull(feePolicy, "feePolicy");
            if (message != null && message.length() > MAX_TEXT_CHARS) {
                throw new IllegalArgumentException("message must be at most " + MAX_TEXT_CHARS + " characters");
            }
        }
    }

    public record PurchaseProduct(
            @TargetAggregateIdentifier UserId walletId,
            String purchaseId,
            String productId,
            ProductKind kind,
            UserId creatorId,
            Credits price,
            FeePolicy feePolicy) {
        public PurchaseProduct {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(purchaseId, "purchaseId");
            requireKey(productId, "productId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(creatorId, "creatorId");
            requirePositive(price, "price");
            Objects.requireNonNull(feePolicy, "feePolicy");
        }
    }

    public record RefundDeposit(
            @TargetAggregateIdentifier UserId walletId,
            String paymentId,
            String refundId,
            Credits amount,
            String actor) {
        public RefundDeposit {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(paymentId, "paymentId");
            requireKey(refundId, "refundId");
            requirePositive(amount, "amount");
            requireKey(actor, "actor");
        }
    }

    public record RecordChargeback(
            @TargetAggregateIdentifier UserId walletId,
            String paymentId,
            String disputeId,
            Credits amount,
            String actor) {
        public RecordChargeback {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(paymentId, "paymentId");
            requireKey(disputeId, "disputeId");
            requirePositive(amount, "amount");
            requireKey(actor, "actor");
        }
    }

    public record ReverseChargeback(@TargetAggregateIdentifier UserId walletId, String disputeId, String actor) {
        public ReverseChargeback {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(disputeId, "disputeId");
            requireKey(actor, "actor");
        }
    }

    /** An audited manual correction; positive adds credits, negative removes them. */
    public record AdjustWallet(
            @TargetAggregateIdentifier UserId walletId,
            String adjustmentId,
            long amountMinor,
            String reason,
            UserId actor) {
        public AdjustWallet {
            Objects.requireNonNull(walletId, "walletId");
            requireKey(adjustmentId, "adjustmentId");
            if (amountMinor == 0 || Math.abs(amountMinor) > Credits.MAX_MINOR) {
                throw new IllegalArgumentException("amountMinor must be non-zero and within limits");
            }
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank() || reason.length() > MAX_TEXT_CHARS) {
                throw new IllegalArgumentException("reason must be 1-" + MAX_TEXT_CHARS + " characters");
            }
            Objects.requireNonNull(actor, "actor");
        }
    }
}
