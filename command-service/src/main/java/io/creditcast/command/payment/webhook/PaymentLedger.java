package io.creditcast.command.payment.webhook;

import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.WalletCommands;
import io.creditcast.ledger.wallet.WalletCommands.DepositCredits;
import io.creditcast.ledger.wallet.WalletCommands.RecordChargeback;
import io.creditcast.ledger.wallet.WalletCommands.RefundDeposit;
import io.creditcast.ledger.wallet.WalletCommands.ReverseChargeback;
import io.creditcast.ledger.wallet.WalletResults.WalletOutcome;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * The payment facts turned into the Wallet aggregate's existing commands. Every command is
 * idempotent in the aggregate (payment id, refund id, dispute id), so processing an event twice
 * (after a crash, a lease expiry or a duplicate) never posts twice.
 */
@Component
public class PaymentLedger {
    static final long COMMAND_TIMEOUT_MS = 10_000;

    private final CommandGateway gateway;

    public PaymentLedger(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public WalletOutcome deposit(Payment p) {
        return send(new DepositCredits(
                new UserId(p.userId()), p.paymentId(), p.provider(), Credits.of(p.credits()), actor(p)));
    }

    public WalletOutcome refund(Payment p, String refundId, long credits) {
        return send(new RefundDeposit(new UserId(p.userId()), p.paymentId(), refundId, Credits.of(credits), actor(p)));
    }

    public WalletOutcome chargeback(Payment p, String disputeId, long credits) {
        return send(
                new RecordChargeback(new UserId(p.userId()), p.paymentId(), disputeId, Credits.of(credits), actor(p)));
    }

    public WalletOutcome reverseChargeback(Payment p, String disputeId) {
        return send(new ReverseChargeback(new UserId(p.userId()), disputeId, actor(p)));
    }

    /** Verified provider webhooks act for the provider: {@code provider:<name>}. */
    private static String actor(Payment p) {
        return WalletCommands.PROVIDER_ACTOR_PREFIX + p.provider();
    }

    private WalletOutcome send(Object command) {
        return gateway.sendAndWait(command, COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
