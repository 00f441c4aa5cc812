package io.creditcast.command.payment.webhook;

import io.creditcast.command.payment.PaymentStore;
import io.creditcast.command.payment.PaymentStore.Adjustment;
import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.command.payment.PaymentStore.Status;
import org.springframework.stereotype.Component;

/**
 * Provider-neutral payment facts: succeeded, failed, refunded up to an amount, disputed, dispute
 * closed. Each step first posts to the ledger (idempotently), then records the state here, so a crash
 * between the two only repeats an idempotent command.
 */
@Component
public class PaymentEvents {
    private final PaymentStore payments;
    private final PaymentLedger ledger;
    private final WebhookInbox inbox;

    public PaymentEvents(PaymentStore payments, PaymentLedger ledger, WebhookInbox inbox) {
        this.payments = payments;
        this.ledger = ledger;
        this.inbox = inbox;
    }

    /** The money arrived: exactly one deposit (the payment id is the wallet's key). */
    public Handled succeeded(Payment p, String providerPaymentRef) {
        if (p.status() == Status.SUCCEEDED) {
            return new Handled.Done("already succeeded");
        }
        ledger.deposit(p);
        payments.markSucceeded(p.paymentId(), providerPaymentRef);
        inbox.wakeParked(); // refunds or disputes that arrived first may now apply
        return new Handled.Done("deposited " + p.credits() + " credits");
    }

    public Handled ended(Payment p, Status status, String reason) {
        if (p.status() == Status.SUCCEEDED) {
            return new Handled.Ignored("payment already succeeded; " + status + " ignored");
        }
        payments.markEnded(p.paymentId(), status, reason);
        return new Handled.Done(status.name());
    }

    /**
     * The provider reports {@code refundedAmountMinor} refunded in total so far. The refund id is
     * derived from that total, so two deliveries describing the same state post once.
     */
    public Handled refundedUpTo(Payment p, String chargeRef, long refundedAmountMinor) {
        if (p.status() != Status.SUCCEEDED) {
            return new Handled.Later("refund of " + p.paymentId() + " before its payment succeeded");
        }
        if (refundedAmountMinor <= p.refundedAmountMinor()) {
            return new Handled.Done("refund already recorded");
        }
        long targetCredits = p.creditsFor(refundedAmountMinor);
        long deltaCredits = targetCredits - p.refundedCredits();
        String refundId = chargeRef + ":refunded-to:" + refundedAmountMinor;
        if (deltaCredits > 0) {
            ledger.refund(p, refundId, deltaCredits);
        }
        payments.putAdjustment(new Adjustment(
                refundId,
                p.paymentId(),
                "REFUND",
                "POSTED",
                refundedAmountMinor - p.refundedAmountMinor(),
                Math.max(0, deltaCredits),
                null,
                null));
        payments.recordRefunded(p.paymentId(), refundedAmountMinor, targetCredits);
        return new Handled.Done("refunded " + deltaCredits + " credits");
    }

    /** A dispute opened; an inquiry (no funds withdrawn) is recorded without a chargeback. */
    public Handled disputeOpened(Payment p, String disputeId, long amountMinor, boolean fundsWithdrawn) {
        if (p.status() != Status.SUCCEEDED) {
            return new Handled.Later("dispute of " + p.paymentId() + " before its payment succeeded");
        }
        long credits = fundsWithdrawn ? p.creditsFor(amountMinor) : 0;
        if (credits > 0) {
            ledger.chargeback(p, disputeId, credits);
        }
        payments.putAdjustment(
                new Adjustment(disputeId, p.paymentId(), "DISPUTE", "OPEN", amountMinor, credits, null, null));
        return new Handled.Done("chargeback of " + credits + " credits");
    }

    /** A dispute closed: won → the chargeback is reversed; lost → it stays. */
    public Handled disputeClosed(String disputeId, boolean won) {
        var dispute = payments.findAdjustment(disputeId);
        if (dispute.isEmpty()) {
            return new Handled.Later("dispute " + disputeId + " closed before it was opened here");
        }
        Adjustment d = dispute.get();
        Payment p = payments.find(d.paymentId()).orElseThrow();
        if (won && d.credits() > 0) {
            ledger.reverseChargeback(p, disputeId);
        }
        payments.putAdjustment(new Adjustment(
                disputeId, p.paymentId(), "DISPUTE", won ? "WON" : "LOST", d.amountMinor(), d.credits(), null, null));
        return new Handled.Done(won ? "dispute won" : "dispute lost");
    }
}
