package io.creditcast.ledger.wallet;

import static io.creditcast.ledger.account.LedgerRejection.Reason.CONFLICTING_STATE;
import static io.creditcast.ledger.account.LedgerRejection.Reason.INSUFFICIENT_CREDITS;
import static io.creditcast.ledger.account.LedgerRejection.Reason.LIMIT_EXCEEDED;
import static io.creditcast.ledger.account.LedgerRejection.Reason.NOT_ALLOWED;
import static io.creditcast.ledger.account.LedgerRejection.Reason.STREAM_ENDED;
import static io.creditcast.ledger.account.LedgerRejection.Reason.STREAM_TAKEN_DOWN;
import static io.creditcast.ledger.account.LedgerRejection.Reason.UNKNOWN_PAYMENT;
import static io.creditcast.ledger.account.LedgerRejection.Reason.UNKNOWN_SESSION;
import static io.creditcast.ledger.account.LedgerRejection.Reason.WALLET_FLAGGED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.Postings;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.WalletCommands.AdjustWallet;
import io.creditcast.ledger.wallet.WalletCommands.DebitMeteredInterval;
import io.creditcast.ledger.wallet.WalletCommands.DepositCredits;
import io.creditcast.ledger.wallet.WalletCommands.PurchaseProduct;
import io.creditcast.ledger.wallet.WalletCommands.RecordChargeback;
import io.creditcast.ledger.wallet.WalletCommands.RefundDeposit;
import io.creditcast.ledger.wallet.WalletCommands.ReverseChargeback;
import io.creditcast.ledger.wallet.WalletCommands.StartViewingSession;
import io.creditcast.ledger.wallet.WalletCommands.TipCreator;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackRecorded;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackReversed;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import io.creditcast.ledger.wallet.WalletEvent.DepositRefunded;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.Money;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import io.creditcast.ledger.wallet.WalletEvent.ViewingSessionStarted;
import io.creditcast.ledger.wallet.WalletEvent.WalletAdjusted;
import io.creditcast.ledger.wallet.WalletEvent.WalletFlagged;
import io.creditcast.ledger.wallet.WalletEvent.WalletUnflagged;
import io.creditcast.ledger.wallet.WalletResults.MeterOutcome;
import io.creditcast.ledger.wallet.WalletResults.WalletOutcome;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

/**
 * A viewer's spendable credits: {@code wallet:{user}}. It never goes below zero except through a
 * recorded refund or chargeback, which flags it so that it cannot spend until it is back at zero.
 *
 * <p>Command handlers check named guards first and only then apply events; event-sourcing handlers
 * only assign state.
 *
 * <p>Revision 2 added the tickets and access passes held: snapshots of revision 1 lack them and are ignored (the
 * wallet is rebuilt from its events, where every purchase is recorded).
 *
 * <p>Revision 3 added when each viewing session started (for the metering stop rule, {@link MeteringStops}):
 * snapshots of revision 2 are ignored likewise.
 *
 * <p><b>Metering stops with the stream.</b> Each ping asks {@link MeteringStops} (injected by Axon) about the
 * session's stream, inside the ping's own transaction: after a takedown no new interval is debited at all (the
 * viewer gets the benefit of the doubt for an interval under way); after the stream ended, only an interval
 * that could have started before the end is debited, i.e. {@code sessionStartedAt + intervalIndex × intervalMs <
 * endedAt} (a late ping for an interval the viewer watched live still counts; playback cannot run ahead of the
 * wall clock, so a later interval was never watched live). A ping already debited is answered as a replay
 * whatever happened to the stream since. A new session on a stream that ended or was taken down is refused.
 */
@Revision("3")
public class Wallet {
    /** Sessions kept for deduplication; starting one more forgets the oldest. */
    public static final int MAX_SESSIONS_RETAINED = 32;
    /** 24 hours of 10-second intervals. */
    public static final long MAX_INTERVALS_PER_SESSION = 8_640;
    /** Tips, purchases and adjustments remembered by id inside the aggregate (the HTTP edge keeps keys longer). */
    public static final int MAX_OPERATIONS_REMEMBERED = 1_000;
    /** Distinct tickets and access passes one wallet holds (they admit to ticketed streams, so none is forgotten). */
    public static final int MAX_PASSES_HELD = 1_000;

    @AggregateIdentifier
    private UserId walletId;

    private long balanceMinor;
    private boolean flagged;
    private HashMap<String, DepositRecord> deposits = new HashMap<>();
    private HashMap<String, DisputeRecord> disputes = new HashMap<>();
    private LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();
    private LinkedHashSet<String> recentOperationIds = new LinkedHashSet<>();
    private LinkedHashSet<String> passesHeld = new LinkedHashSet<>();

    protected Wallet() {
        // for Axon
    }

    // ---- deposits, refunds, chargebacks ----------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public WalletOutcome handle(DepositCredits cmd) {
        String txId = "deposit:" + cmd.walletId() + ":" + cmd.paymentId();
        if (walletId != null && deposits.containsKey(cmd.paymentId())) {
            return replayed(txId);
        }
        var postings = Postings.transfer(
                        AccountId.clearing(cmd.provider()), AccountId.wallet(cmd.walletId()), cmd.amount())
                .balanced();
        apply(new CreditsDeposited(
                cmd.walletId(),
                cmd.paymentId(),
                cmd.provider(),
                cmd.amount(),
                txId,
                postings,
                balanceMinor + cmd.amount().minor(),
                cmd.actor(),
                now()));
        unflagIfRestored();
        return outcome(txId);
    }

    @CommandHandler
    public WalletOutcome handle(RefundDeposit cmd) {
        DepositRecord deposit = requireDeposit(cmd.paymentId());
        String txId = "refund:" + walletId + ":" + cmd.paymentId() + ":" + cmd.refundId();
        if (deposit.refundIds.contains(cmd.refundId())) {
            return replayed(txId);
        }
        assertWithinReversible(deposit, cmd.amount());
        var postings = Postings.transfer(AccountId.wallet(walletId), AccountId.clearing(deposit.provider), cmd.amount())
                .balanced();
        apply(new DepositRefunded(
                walletId,
                cmd.paymentId(),
                cmd.refundId(),
                cmd.amount(),
                txId,
                postings,
                balanceMinor - cmd.amount().minor(),
                cmd.actor(),
                now()));
        flagIfNegative("refund " + cmd.refundId());
        return outcome(txId);
    }

    @CommandHandler
    public WalletOutcome handle(RecordChargeback cmd) {
        DepositRecord deposit = requireDeposit(cmd.paymentId());
        String txId = "chargeback:" + walletId + ":" + cmd.disputeId();
        if (disputes.containsKey(cmd.disputeId())) {
            return replayed(txId);
        }
        assertWithinReversible(deposit, cmd.amount());
        var postings = Postings.transfer(AccountId.wallet(walletId), AccountId.clearing(deposit.provider), cmd.amount())
                .balanced();
        apply(new ChargebackRecorded(
                walletId,
                cmd.paymentId(),
                cmd.disputeId(),
                cmd.amount(),
                txId,
                postings,
                balanceMinor - cmd.amount().minor(),
                cmd.actor(),
                now()));
        flagIfNegative("chargeback " + cmd.disputeId());
        return outcome(txId);
    }

    @CommandHandler
    public WalletOutcome handle(ReverseChargeback cmd) {
        DisputeRecord dispute = disputes.get(cmd.disputeId());
        if (dispute == null) {
            throw new LedgerRejection(UNKNOWN_PAYMENT, "no chargeback with dispute id " + cmd.disputeId());
        }
        String txId = "chargeback-reversal:" + walletId + ":" + cmd.disputeId();
        if (dispute.reversed) {
            return replayed(txId);
        }
        DepositRecord deposit = deposits.get(dispute.paymentId);
        var postings = Postings.transfer(
                        AccountId.clearing(deposit.provider), AccountId.wallet(walletId), dispute.amount)
                .balanced();
        apply(new ChargebackReversed(
                walletId,
                dispute.paymentId,
                cmd.disputeId(),
                dispute.amount,
                txId,
                postings,
                balanceMinor + dispute.amount.minor(),
                cmd.actor(),
                now()));
        unflagIfRestored();
        return outcome(txId);
    }

    // ---- metering ----------------------------------------------------------------------------------

    @CommandHandler
    public WalletOutcome handle(StartViewingSession cmd, MeteringStops stops) {
        Session existing = sessions.get(cmd.sessionId());
        if (existing != null) {
            if (!existing.streamId.equals(cmd.streamId())) {
                throw new LedgerRejection(CONFLICTING_STATE, "session id already used for another stream");
            }
            return replayed("session:" + cmd.sessionId());
        }
        assertStreamStillOn(cmd.streamId(), stops.of(cmd.streamId()));
        apply(new ViewingSessionStarted(
                walletId,
                cmd.sessionId(),
                cmd.streamId(),
                cmd.creatorId(),
                cmd.ratePerInterval(),
                cmd.intervalMs(),
                now()));
        return outcome("session:" + cmd.sessionId());
    }

    @CommandHandler
    public MeterOutcome handle(DebitMeteredInterval cmd, MeteringStops stops) {
        Session session = sessions.get(cmd.sessionId());
        if (session == null) {
            throw new LedgerRejection(UNKNOWN_SESSION, "no viewing session " + cmd.sessionId() + " on this wallet");
        }
        assertIntervalWithinSession(cmd.intervalIndex());
        long nextAllowedMs = (cmd.intervalIndex() + 1) * session.intervalMs;
        if (session.debited.contains(cmd.intervalIndex())) {
            return new MeterOutcome(cmd.sessionId(), cmd.intervalIndex(), 0, balanceMinor, nextAllowedMs, true);
        }
        assertIntervalBillable(session, cmd.intervalIndex(), stops.of(session.streamId));
        assertNotFlagged();
        assertSufficientBalance(session.rate);
        String txId = "meter:" + walletId + ":" + cmd.sessionId() + ":" + cmd.intervalIndex();
        var postings = Postings.transfer(AccountId.wallet(walletId), AccountId.SETTLEMENT_CREATOR_INCOME, session.rate)
                .balanced();
        apply(new IntervalDebited(
                walletId,
                cmd.sessionId(),
                cmd.intervalIndex(),
                cmd.playbackMs(),
                session.streamId,
                session.creatorId,
                session.rate,
                txId,
                postings,
                balanceMinor - session.rate.minor(),
                now()));
        return new MeterOutcome(
                cmd.sessionId(), cmd.intervalIndex(), session.rate.minor(), balanceMinor, nextAllowedMs, false);
    }

    // ---- spending --------------------------------------------------------------------------------

    @CommandHandler
    public WalletOutcome handle(TipCreator cmd) {
        String txId = "tip:" + walletId + ":" + cmd.tipId();
        if (recentOperationIds.contains(txId)) {
            return replayed(txId);
        }
        assertNotSelf(cmd.creatorId());
        assertNotFlagged();
        assertSufficientBalance(cmd.amount());
        FeePolicy.Split split = cmd.feePolicy().split(cmd.amount());
        var postings = Postings.builder()
                .debit(AccountId.wallet(walletId), cmd.amount())
                .credit(AccountId.PLATFORM_REVENUE, split.fee())
                .credit(AccountId.SETTLEMENT_CREATOR_INCOME, split.creatorShare())
                .balanced();
        apply(new TipSent(
                walletId,
                cmd.tipId(),
                cmd.creatorId(),
                cmd.amount(),
                split.fee(),
                split.creatorShare(),
                cmd.message(),
                txId,
                postings,
                balanceMinor - cmd.amount().minor(),
                now()));
        return outcome(txId);
    }

    @CommandHandler
    public WalletOutcome handle(PurchaseProduct cmd) {
        String txId = "purchase:" + walletId + ":" + cmd.purchaseId();
        if (recentOperationIds.contains(txId)) {
            return replayed(txId);
        }
        assertNotSelf(cmd.creatorId());
        assertNotFlagged();
        assertSufficientBalance(cmd.price());
        assertRoomForPass(cmd);
        FeePolicy.Split split = cmd.feePolicy().split(cmd.price());
        var postings = Postings.builder()
                .debit(AccountId.wallet(walletId), cmd.price())
                .credit(AccountId.PLATFORM_REVENUE, split.fee())
                .credit(AccountId.SETTLEMENT_CREATOR_INCOME, split.creatorShare())
                .balanced();
        apply(new ProductPurchased(
                walletId,
                cmd.purchaseId(),
                cmd.productId(),
                cmd.kind(),
                cmd.creatorId(),
                cmd.price(),
                split.fee(),
                split.creatorShare(),
                txId,
                postings,
                balanceMinor - cmd.price().minor(),
                now()));
        return outcome(txId);
    }

    // ---- admin ---------------------------------------------------------------------------------

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public WalletOutcome handle(AdjustWallet cmd) {
        String txId = "adjustment:" + cmd.walletId() + ":" + cmd.adjustmentId();
        if (walletId != null && recentOperationIds.contains(txId)) {
            return replayed(txId);
        }
        if (cmd.amountMinor() < 0) {
            assertSufficientBalance(Credits.of(-cmd.amountMinor()));
        }
        AccountId wallet = AccountId.wallet(cmd.walletId());
        var postings = cmd.amountMinor() > 0
                ? Postings.transfer(AccountId.PLATFORM_ADJUSTMENTS, wallet, Credits.of(cmd.amountMinor()))
                : Postings.transfer(wallet, AccountId.PLATFORM_ADJUSTMENTS, Credits.of(-cmd.amountMinor()));
        apply(new WalletAdjusted(
                cmd.walletId(),
                cmd.adjustmentId(),
                cmd.amountMinor(),
                cmd.reason(),
                cmd.actor(),
                txId,
                postings.balanced(),
                balanceMinor + cmd.amountMinor(),
                now()));
        unflagIfRestored();
        return outcome(txId);
    }

    // ---- guards ----------------------------------------------------------------------------------

    private void assertSufficientBalance(Credits required) {
        if (balanceMinor < required.minor()) {
            throw new LedgerRejection(
                    INSUFFICIENT_CREDITS,
                    "insufficient credits: balance " + balanceMinor + ", required " + required.minor(),
                    Map.of("balance_minor", balanceMinor, "required_minor", required.minor()));
        }
    }

    private void assertNotFlagged() {
        if (flagged) {
            throw new LedgerRejection(
                    WALLET_FLAGGED,
                    "wallet is flagged after a refund or chargeback and cannot spend",
                    Map.of("balance_minor", balanceMinor));
        }
    }

    private void assertRoomForPass(PurchaseProduct cmd) {
        if (isPass(cmd.kind()) && !passesHeld.contains(cmd.productId()) && passesHeld.size() >= MAX_PASSES_HELD) {
            throw new LedgerRejection(
                    LIMIT_EXCEEDED,
                    "a wallet holds at most " + MAX_PASSES_HELD + " distinct tickets and access passes",
                    Map.of("limit", MAX_PASSES_HELD));
        }
    }

    private static boolean isPass(ProductKind kind) {
        return kind == ProductKind.TICKET || kind == ProductKind.ACCESS_PASS;
    }

    private void assertNotSelf(UserId creatorId) {
        if (creatorId.equals(walletId)) {
            throw new LedgerRejection(NOT_ALLOWED, "a creator cannot pay themselves");
        }
    }

    private static void assertIntervalWithinSession(long intervalIndex) {
        if (intervalIndex >= MAX_INTERVALS_PER_SESSION) {
            throw new LedgerRejection(
                    LIMIT_EXCEEDED,
                    "interval index beyond the session limit of " + MAX_INTERVALS_PER_SESSION,
                    Map.of("max_interval_index", MAX_INTERVALS_PER_SESSION - 1));
        }
    }

    /** A new session needs a stream that is neither taken down nor ended. */
    private static void assertStreamStillOn(String streamId, MeteringStops.Stop stop) {
        if (stop.isTakenDown()) {
            throw takenDown(streamId, stop);
        }
        if (stop.isEnded()) {
            throw new LedgerRejection(
                    STREAM_ENDED,
                    "stream " + streamId + " has ended",
                    Map.of("stream_id", streamId, "ended_at", stop.endedAt().toString()));
        }
    }

    /** The metering stop rule (see the class comment): nothing after a takedown; after the end, late pings only. */
    private static void assertIntervalBillable(Session session, long intervalIndex, MeteringStops.Stop stop) {
        if (stop.isTakenDown()) {
            throw takenDown(session.streamId, stop);
        }
        if (stop.isEnded()) {
            Instant earliestStart = session.startedAt.plusMillis(intervalIndex * session.intervalMs);
            if (!earliestStart.isBefore(stop.endedAt())) {
                throw new LedgerRejection(
                        STREAM_ENDED,
                        "stream " + session.streamId + " ended before interval " + intervalIndex + " could start",
                        Map.of(
                                "stream_id", session.streamId,
                                "ended_at", stop.endedAt().toString(),
                                "interval_earliest_start", earliestStart.toString()));
            }
        }
    }

    private static LedgerRejection takenDown(String streamId, MeteringStops.Stop stop) {
        return new LedgerRejection(
                STREAM_TAKEN_DOWN,
                "stream " + streamId + " was taken down",
                Map.of(
                        "stream_id",
                        streamId,
                        "taken_down_at",
                        stop.takenDownAt().toString()));
    }

    private DepositRecord requireDeposit(String paymentId) {
        DepositRecord deposit = deposits.get(paymentId);
        if (deposit == null) {
            throw new LedgerRejection(UNKNOWN_PAYMENT, "no deposit from payment " + paymentId + " on this wallet");
        }
        return deposit;
    }

    private static void assertWithinReversible(DepositRecord deposit, Credits amount) {
        if (amount.minor() > deposit.reversibleMinor()) {
            throw new LedgerRejection(
                    CONFLICTING_STATE,
                    "amount exceeds what remains of the deposit: " + deposit.reversibleMinor(),
                    Map.of("reversible_minor", deposit.reversibleMinor()));
        }
    }

    private void flagIfNegative(String cause) {
        if (balanceMinor < 0 && !flagged) {
            apply(new WalletFlagged(walletId, balanceMinor, cause, now()));
        }
    }

    private void unflagIfRestored() {
        if (flagged && balanceMinor >= 0) {
            apply(new WalletUnflagged(walletId, balanceMinor, now()));
        }
    }

    private WalletOutcome outcome(String txId) {
        return new WalletOutcome(txId, balanceMinor, flagged, false);
    }

    private WalletOutcome replayed(String txId) {
        return new WalletOutcome(txId, balanceMinor, flagged, true);
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    // ---- state -------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(CreditsDeposited e) {
        walletId = e.walletId();
        deposits.put(e.paymentId(), new DepositRecord(e.provider(), e.amount()));
        move(e);
    }

    @EventSourcingHandler
    void on(DepositRefunded e) {
        DepositRecord d = deposits.get(e.paymentId());
        d.reversedMinor += e.amount().minor();
        d.refundIds.add(e.refundId());
        move(e);
    }

    @EventSourcingHandler
    void on(ChargebackRecorded e) {
        deposits.get(e.paymentId()).reversedMinor += e.amount().minor();
        disputes.put(e.disputeId(), new DisputeRecord(e.paymentId(), e.amount()));
        move(e);
    }

    @EventSourcingHandler
    void on(ChargebackReversed e) {
        deposits.get(e.paymentId()).reversedMinor -= e.amount().minor();
        disputes.get(e.disputeId()).reversed = true;
        move(e);
    }

    @EventSourcingHandler
    void on(ViewingSessionStarted e) {
        sessions.put(
                e.sessionId(),
                new Session(e.streamId(), e.creatorId(), e.ratePerInterval(), e.intervalMs(), e.occurredAt()));
        if (sessions.size() > MAX_SESSIONS_RETAINED) {
            sessions.remove(sessions.keySet().iterator().next());
        }
    }

    @EventSourcingHandler
    void on(IntervalDebited e) {
        Session session = sessions.get(e.sessionId());
        if (session != null) {
            session.debited.add(e.intervalIndex());
        }
        move(e);
    }

    @EventSourcingHandler
    void on(TipSent e) {
        remember(e.transactionId());
        move(e);
    }

    @EventSourcingHandler
    void on(ProductPurchased e) {
        remember(e.transactionId());
        move(e);
        if (isPass(e.kind())) {
            passesHeld.add(e.productId());
        }
    }

    @EventSourcingHandler
    void on(WalletAdjusted e) {
        walletId = e.walletId();
        remember(e.transactionId());
        move(e);
    }

    @EventSourcingHandler
    void on(WalletFlagged e) {
        flagged = true;
    }

    @EventSourcingHandler
    void on(WalletUnflagged e) {
        flagged = false;
    }

    private void move(Money e) {
        balanceMinor = e.balanceAfterMinor();
    }

    private void remember(String operationId) {
        recentOperationIds.add(operationId);
        if (recentOperationIds.size() > MAX_OPERATIONS_REMEMBERED) {
            recentOperationIds.remove(recentOperationIds.iterator().next());
        }
    }

    public UserId walletId() {
        return walletId;
    }

    public long balanceMinor() {
        return balanceMinor;
    }

    public boolean flagged() {
        return flagged;
    }

    /** Whether this wallet bought (at least once) any of these tickets or access passes. */
    public boolean holdsAnyPass(Collection<String> productIds) {
        return productIds.stream().anyMatch(passesHeld::contains);
    }

    static final class DepositRecord {
        String provider;
        Credits amount;
        long reversedMinor;
        LinkedHashSet<String> refundIds = new LinkedHashSet<>();

        DepositRecord() {}

        DepositRecord(String provider, Credits amount) {
            this.provider = provider;
            this.amount = amount;
        }

        long reversibleMinor() {
            return amount.minor() - reversedMinor;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DepositRecord d
                    && Objects.equals(provider, d.provider)
                    && Objects.equals(amount, d.amount)
                    && reversedMinor == d.reversedMinor
                    && refundIds.equals(d.refundIds);
        }

        @Override
        public int hashCode() {
            return Objects.hash(provider, amount, reversedMinor);
        }
    }

    static final class DisputeRecord {
        String paymentId;
        Credits amount;
        boolean reversed;

        DisputeRecord() {}

        DisputeRecord(String paymentId, Credits amount) {
            this.paymentId = paymentId;
            this.amount = amount;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DisputeRecord d
                    && Objects.equals(paymentId, d.paymentId)
                    && Objects.equals(amount, d.amount)
                    && reversed == d.reversed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(paymentId, amount, reversed);
        }
    }

    static final class Session {
        String streamId;
        UserId creatorId;
        Credits rate;
        long intervalMs;
        Instant startedAt;
        IntervalSet debited = new IntervalSet();

        Session() {}

        Session(String streamId, UserId creatorId, Credits rate, long intervalMs, Instant startedAt) {
            this.streamId = streamId;
            this.creatorId = creatorId;
            this.rate = rate;
            this.intervalMs = intervalMs;
            this.startedAt = startedAt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Session x
                    && Objects.equals(streamId, x.streamId)
                    && Objects.equals(creatorId, x.creatorId)
                    && Objects.equals(rate, x.rate)
                    && intervalMs == x.intervalMs
                    && Objects.equals(startedAt, x.startedAt)
                    && debited.equals(x.debited);
        }

        @Override
        public int hashCode() {
            return Objects.hash(streamId, creatorId, rate, intervalMs);
        }
    }
}
