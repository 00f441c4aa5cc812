package io.creditcast.ledger.earnings;

import static io.creditcast.ledger.account.LedgerRejection.Reason.CONFLICTING_STATE;
import static io.creditcast.ledger.account.LedgerRejection.Reason.INSUFFICIENT_EARNINGS;
import static io.creditcast.ledger.account.LedgerRejection.Reason.LIMIT_EXCEEDED;
import static io.creditcast.ledger.account.LedgerRejection.Reason.NOT_ALLOWED;
import static io.creditcast.ledger.account.LedgerRejection.Reason.UNKNOWN_PAYOUT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.Postings;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.earnings.EarningsCommands.ApprovePayout;
import io.creditcast.ledger.earnings.EarningsCommands.CompletePayout;
import io.creditcast.ledger.earnings.EarningsCommands.FailPayout;
import io.creditcast.ledger.earnings.EarningsCommands.RequestPayout;
import io.creditcast.ledger.earnings.EarningsCommands.SettleEarnings;
import io.creditcast.ledger.earnings.EarningsEvent.EarningsSettled;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutApproved;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutCompleted;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutFailed;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutRequested;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A creator's earnings: {@code earnings:{creator}}. Income arrives only in settlement batches (one
 * command per creator per run, however many viewers paid), so a popular creator is not a hot spot.
 * Payouts follow pending (held) → approved → posted, or voided.
 */
public class Earnings {
    /** Open (pending or approved) payouts per creator. */
    public static final int MAX_OPEN_PAYOUTS = 10;

    public enum PayoutStatus {
        PENDING,
        APPROVED,
        COMPLETED,
        FAILED
    }

    @AggregateIdentifier
    private UserId creatorId;

    private long balanceMinor;
    private long heldMinor;
    private long lastRunNumber;
    private Map<String, Payout> payouts = new LinkedHashMap<>();

    protected Earnings() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public long handle(SettleEarnings cmd) {
        if (creatorId != null && cmd.runNumber() <= lastRunNumber) {
            return balanceMinor; // this run was applied already
        }
        Credits meteringFee = cmd.meteringFeePolicy().split(cmd.meteringGross()).fee();
        Credits fromSettlement = cmd.meteringGross().plus(cmd.tipsNet()).plus(cmd.purchasesNet());
        Credits credited = fromSettlement.minus(meteringFee);
        var postings = Postings.builder()
                .debit(AccountId.SETTLEMENT_CREATOR_INCOME, fromSettlement)
                .credit(AccountId.earnings(cmd.creatorId()), credited)
                .credit(AccountId.PLATFORM_REVENUE, meteringFee)
                .balanced();
        apply(new EarningsSettled(
                cmd.creatorId(),
                cmd.runNumber(),
                cmd.meteringGross(),
                meteringFee,
                cmd.tipsNet(),
                cmd.purchasesNet(),
                credited,
                cmd.debitCount(),
                "settlement:" + cmd.runNumber() + ":" + cmd.creatorId(),
                postings,
                balanceMinor + credited.minor(),
                now()));
        return balanceMinor;
    }

    @CommandHandler
    public String handle(RequestPayout cmd) {
        String id = cmd.payoutId().value();
        Payout existing = payouts.get(id);
        if (existing != null) {
            assertSameAmount(existing, cmd.amount());
            return id;
        }
        assertOpenPayoutsBelowLimit();
        assertAvailable(cmd.amount());
        apply(new PayoutRequested(creatorId, id, cmd.amount(), now()));
        return id;
    }

    @CommandHandler
    public PayoutStatus handle(ApprovePayout cmd) {
        Payout payout = requirePayout(cmd.payoutId());
        if (payout.approvers.contains(cmd.approver())) {
            return payout.status; // the same approval again: no effect
        }
        assertStatus(payout, PayoutStatus.PENDING);
        if (cmd.approver().equals(creatorId)) {
            throw new LedgerRejection(NOT_ALLOWED, "a creator cannot approve their own payout");
        }
        int approvals = payout.approvers.size() + 1;
        int required = payout.amount.compareTo(cmd.secondApprovalAbove()) > 0 ? 2 : 1;
        apply(new PayoutApproved(creatorId, payout.id, cmd.approver(), approvals, approvals >= required, now()));
        return payouts.get(payout.id).status;
    }

    @CommandHandler
    public PayoutStatus handle(CompletePayout cmd) {
        Payout payout = requirePayout(cmd.payoutId());
        if (payout.status == PayoutStatus.COMPLETED) {
            return payout.status;
        }
        assertStatus(payout, PayoutStatus.APPROVED);
        var postings = Postings.transfer(AccountId.earnings(creatorId), AccountId.CLEARING_PAYOUTS, payout.amount)
                .balanced();
        apply(new PayoutCompleted(
                creatorId,
                payout.id,
                payout.amount,
                cmd.providerReference(),
                cmd.actor(),
                "payout:" + payout.id,
                postings,
                balanceMinor - payout.amount.minor(),
                now()));
        return PayoutStatus.COMPLETED;
    }

    @CommandHandler
    public PayoutStatus handle(FailPayout cmd) {
        Payout payout = requirePayout(cmd.payoutId());
        if (payout.status == PayoutStatus.FAILED) {
            return payout.status;
        }
        if (payout.status == PayoutStatus.COMPLETED) {
            throw new LedgerRejection(CONFLICTING_STATE, "a completed payout cannot fail; post a correction instead");
        }
        apply(new PayoutFailed(creatorId, payout.id, payout.amount, cmd.reason(), cmd.actor(), now()));
        return PayoutStatus.FAILED;
    }

    private void assertAvailable(Credits amount) {
        long available = balanceMinor - heldMinor;
        if (amount.minor() > available) {
            throw new LedgerRejection(
                    INSUFFICIENT_EARNINGS,
                    "payout exceeds available earnings: " + available,
                    Map.of("available_minor", available, "requested_minor", amount.minor()));
        }
    }

    private void assertOpenPayoutsBelowLimit() {
        long open = payouts.values().stream().filter(Payout::isOpen).count();
        if (open >= MAX_OPEN_PAYOUTS) {
            throw new LedgerRejection(LIMIT_EXCEEDED, "at most " + MAX_OPEN_PAYOUTS + " open payouts");
        }
    }

    private static void assertSameAmount(Payout existing, Credits amount) {
        if (!existing.amount.equals(amount)) {
            throw new LedgerRejection(CONFLICTING_STATE, "payout id already used with another amount");
        }
    }

    private static void assertStatus(Payout payout, PayoutStatus expected) {
        if (payout.status != expected) {
            throw new LedgerRejection(
                    CONFLICTING_STATE,
                    "payout is " + payout.status + ", expected " + expected,
                    Map.of("status", payout.status.name()));
        }
    }

    private Payout requirePayout(PayoutId id) {
        Payout payout = payouts.get(id.value());
        if (payout == null) {
            throw new LedgerRejection(UNKNOWN_PAYOUT, "no payout " + id.value());
        }
        return payout;
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(EarningsSettled e) {
        creatorId = e.creatorId();
        lastRunNumber = e.runNumber();
        balanceMinor = e.balanceAfterMinor();
    }

    @EventSourcingHandler
    void on(PayoutRequested e) {
        payouts.put(e.payoutId(), new Payout(e.payoutId(), e.amount()));
        heldMinor += e.amount().minor();
    }

    @EventSourcingHandler
    void on(PayoutApproved e) {
        Payout p = payouts.get(e.payoutId());
        p.approvers.add(e.approver());
        if (e.fullyApproved()) {
            p.status = PayoutStatus.APPROVED;
        }
    }

    @EventSourcingHandler
    void on(PayoutCompleted e) {
        Payout p = payouts.get(e.payoutId());
        p.status = PayoutStatus.COMPLETED;
        heldMinor -= p.amount.minor();
        balanceMinor = e.balanceAfterMinor();
    }

    @EventSourcingHandler
    void on(PayoutFailed e) {
        Payout p = payouts.get(e.payoutId());
        p.status = PayoutStatus.FAILED;
        heldMinor -= p.amount.minor();
    }

    public long balanceMinor() {
        return balanceMinor;
    }

    public long heldMinor() {
        return heldMinor;
    }

    public long availableMinor() {
        return balanceMinor - heldMinor;
    }

    public Map<String, PayoutStatus> payoutStatuses() {
        Map<String, PayoutStatus> out = new LinkedHashMap<>();
        payouts.forEach((id, p) -> out.put(id, p.status));
        return out;
    }

    static final class Payout {
        String id;
        Credits amount;
        PayoutStatus status = PayoutStatus.PENDING;
        LinkedHashSet<UserId> approvers = new LinkedHashSet<>();

        Payout() {}

        Payout(String id, Credits amount) {
            this.id = id;
            this.amount = amount;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Payout p
                    && java.util.Objects.equals(id, p.id)
                    && java.util.Objects.equals(amount, p.amount)
                    && status == p.status
                    && approvers.equals(p.approvers);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(id, amount, status);
        }

        boolean isOpen() {
            return status == PayoutStatus.PENDING || status == PayoutStatus.APPROVED;
        }
    }
}
