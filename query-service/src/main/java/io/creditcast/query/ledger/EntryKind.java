package io.creditcast.query.ledger;

import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.earnings.EarningsEvent.EarningsSettled;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutCompleted;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackRecorded;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackReversed;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import io.creditcast.ledger.wallet.WalletEvent.DepositRefunded;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import io.creditcast.ledger.wallet.WalletEvent.WalletAdjusted;
import java.util.List;

/** The journal's entry type and business reference of each money event. */
public record EntryKind(String type, String reference) {
    public static final List<String> TYPES = List.of(
            "deposit",
            "metering",
            "tip",
            "purchase",
            "refund",
            "chargeback",
            "chargeback-reversal",
            "adjustment",
            "settlement",
            "payout");

    public static EntryKind of(LedgerEntry entry) {
        return switch (entry) {
            case CreditsDeposited e -> new EntryKind("deposit", e.paymentId());
            case IntervalDebited e -> new EntryKind("metering", e.sessionId() + "#" + e.intervalIndex());
            case TipSent e -> new EntryKind("tip", e.tipId());
            case ProductPurchased e -> new EntryKind("purchase", e.purchaseId());
            case DepositRefunded e -> new EntryKind("refund", e.refundId());
            case ChargebackRecorded e -> new EntryKind("chargeback", e.disputeId());
            case ChargebackReversed e -> new EntryKind("chargeback-reversal", e.disputeId());
            case WalletAdjusted e -> new EntryKind("adjustment", e.adjustmentId());
            case EarningsSettled e -> new EntryKind("settlement", e.creatorId() + "#" + e.runNumber());
            case PayoutCompleted e -> new EntryKind("payout", e.payoutId());
            default -> new EntryKind(entry.getClass().getSimpleName(), entry.transactionId());
        };
    }
}
