package io.creditcast.query.support;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.Postings;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.earnings.EarningsEvent;
import io.creditcast.ledger.wallet.ProductKind;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.stream.StreamEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;

/**
 * Stands in for the command service: appends the core-domain events a real command would produce (with
 * balanced postings and the balance each wallet is left with) straight into the event store.
 */
public final class CommandSide {
    private final EventStorageEngine store;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, Long> walletBalances = new HashMap<>();
    private final Map<String, Long> earningsBalances = new HashMap<>();
    private Instant clock;

    public CommandSide(EventStorageEngine store, Instant start) {
        this.store = store;
        this.clock = start;
    }

    public Instant now() {
        return clock;
    }

    /** Sets the event clock (e.g. to now, so the projection-lag timer measures append → projected). */
    public CommandSide at(Instant instant) {
        clock = instant;
        return this;
    }

    /** Moves the event clock forward. */
    public CommandSide after(long seconds) {
        clock = clock.plusSeconds(seconds);
        return this;
    }

    public void streamCreated(String streamId, String creator, String title, String category) {
        append(
                "Stream",
                streamId,
                new StreamEvent.StreamCreated(streamId, new UserId(creator), title, category, clock));
    }

    /** The media worker's facts: a publisher connected and the stream is live. */
    public void wentLive(String streamId) {
        append(
                "Stream",
                streamId,
                new StreamEvent.StreamWentLive(
                        streamId, "ingest-" + streamId, io.creditcast.stream.IngestProtocol.RTMP, clock));
    }

    /** The media worker's facts: how many viewers and listeners it counted. */
    public void audience(String streamId, long viewers) {
        append("Stream", streamId, new StreamEvent.AudienceMeasured(streamId, viewers, 0, clock));
    }

    /** The media worker's facts: the live session ended. */
    public void ended(String streamId, long liveDurationMs) {
        append("Stream", streamId, new StreamEvent.StreamEnded(streamId, "ingest-" + streamId, liveDurationMs, clock));
    }

    /** The media worker's facts: the ended session's recording is a VOD of this duration. */
    public void recordingReady(String streamId, long durationMs, boolean mp4Available) {
        append(
                "Stream",
                streamId,
                new StreamEvent.RecordingReady(streamId, "ingest-" + streamId, durationMs, mp4Available, clock));
    }

    public void deposit(String wallet, String paymentId, String provider, long amount) {
        long after = wallet(wallet, amount);
        append(
                "Wallet",
                wallet,
                new WalletEvent.CreditsDeposited(
                        new UserId(wallet),
                        paymentId,
                        provider,
                        Credits.of(amount),
                        "deposit:" + paymentId,
                        Postings.transfer(AccountId.clearing(provider), walletAccount(wallet), Credits.of(amount))
                                .balanced(),
                        after,
                        "provider:" + provider,
                        clock));
    }

    public void sessionStarted(String wallet, String sessionId, String streamId, String creator, long rate) {
        append(
                "Wallet",
                wallet,
                new WalletEvent.ViewingSessionStarted(
                        new UserId(wallet), sessionId, streamId, new UserId(creator), Credits.of(rate), 10_000, clock));
    }

    public void intervalDebited(
            String wallet, String sessionId, long index, String streamId, String creator, long rate) {
        long after = wallet(wallet, -rate);
        append(
                "Wallet",
                wallet,
                new WalletEvent.IntervalDebited(
                        new UserId(wallet),
                        sessionId,
                        index,
                        10_000,
                        streamId,
                        new UserId(creator),
                        Credits.of(rate),
                        "meter:" + wallet + ":" + sessionId + ":" + index,
                        Postings.transfer(walletAccount(wallet), AccountId.SETTLEMENT_CREATOR_INCOME, Credits.of(rate))
                                .balanced(),
                        after,
                        clock));
    }

    public void tip(String wallet, String tipId, String creator, long amount) {
        var split = FeePolicy.DEFAULT.split(Credits.of(amount));
        long after = wallet(wallet, -amount);
        append(
                "Wallet",
                wallet,
                new WalletEvent.TipSent(
                        new UserId(wallet),
                        tipId,
                        new UserId(creator),
                        split.gross(),
                        split.fee(),
                        split.creatorShare(),
                        "gg",
                        "tip:" + wallet + ":" + tipId,
                        Postings.builder()
                                .debit(walletAccount(wallet), split.gross())
                                .credit(AccountId.PLATFORM_REVENUE, split.fee())
                                .credit(AccountId.SETTLEMENT_CREATOR_INCOME, split.creatorShare())
                                .balanced(),
                        after,
                        clock));
    }

    public void purchase(String wallet, String purchaseId, String creator, long price) {
        var split = FeePolicy.DEFAULT.split(Credits.of(price));
        long after = wallet(wallet, -price);
        append(
                "Wallet",
                wallet,
                new WalletEvent.ProductPurchased(
                        new UserId(wallet),
                        purchaseId,
                        "product-1",
                        ProductKind.ACCESS_PASS,
                        new UserId(creator),
                        split.gross(),
                        split.fee(),
                        split.creatorShare(),
                        "purchase:" + wallet + ":" + purchaseId,
                        Postings.builder()
                                .debit(walletAccount(wallet), split.gross())
                                .credit(AccountId.PLATFORM_REVENUE, split.fee())
                                .credit(AccountId.SETTLEMENT_CREATOR_INCOME, split.creatorShare())
                                .balanced(),
                        after,
                        clock));
    }

    public void refund(String wallet, String paymentId, String refundId, String provider, long amount) {
        long after = wallet(wallet, -amount);
        append(
                "Wallet",
                wallet,
                new WalletEvent.DepositRefunded(
                        new UserId(wallet),
                        paymentId,
                        refundId,
                        Credits.of(amount),
                        "refund:" + refundId,
                        Postings.transfer(walletAccount(wallet), AccountId.clearing(provider), Credits.of(amount))
                                .balanced(),
                        after,
                        "provider:" + provider,
                        clock));
    }

    public void adjust(String wallet, String adjustmentId, long amount) {
        long after = wallet(wallet, amount);
        append(
                "Wallet",
                wallet,
                new WalletEvent.WalletAdjusted(
                        new UserId(wallet),
                        adjustmentId,
                        amount,
                        "goodwill",
                        new UserId("admin-1"),
                        "adjust:" + adjustmentId,
                        Postings.transfer(AccountId.PLATFORM_ADJUSTMENTS, walletAccount(wallet), Credits.of(amount))
                                .balanced(),
                        after,
                        clock));
    }

    /** Settles metering gross (fee split here) plus already-split tips and purchases into earnings. */
    public void settle(String creator, long run, long meteringGross, long tipsNet, long purchasesNet) {
        var metering = FeePolicy.DEFAULT.split(Credits.of(meteringGross));
        long credited = metering.creatorShare().minor() + tipsNet + purchasesNet;
        long after = earnings(creator, credited);
        append(
                "Earnings",
                creator,
                new EarningsEvent.EarningsSettled(
                        new UserId(creator),
                        run,
                        metering.gross(),
                        metering.fee(),
                        Credits.of(tipsNet),
                        Credits.of(purchasesNet),
                        Credits.of(credited),
                        3,
                        "settle:" + creator + ":" + run,
                        Postings.builder()
                                .debit(
                                        AccountId.SETTLEMENT_CREATOR_INCOME,
                                        Credits.of(meteringGross + tipsNet + purchasesNet))
                                .credit(AccountId.earnings(new UserId(creator)), Credits.of(credited))
                                .credit(AccountId.PLATFORM_REVENUE, metering.fee())
                                .balanced(),
                        after,
                        clock));
    }

    public void payout(String creator, String payoutId, long amount) {
        append(
                "Earnings",
                creator,
                new EarningsEvent.PayoutRequested(new UserId(creator), payoutId, Credits.of(amount), clock));
        long after = earnings(creator, -amount);
        append(
                "Earnings",
                creator,
                new EarningsEvent.PayoutCompleted(
                        new UserId(creator),
                        payoutId,
                        Credits.of(amount),
                        "bank-ref-1",
                        new UserId("admin-1"),
                        "payout:" + payoutId,
                        Postings.transfer(
                                        AccountId.earnings(new UserId(creator)),
                                        AccountId.CLEARING_PAYOUTS,
                                        Credits.of(amount))
                                .balanced(),
                        after,
                        clock));
    }

    /** A payout request alone (it stays in the queue until approved, completed or failed). */
    public void payoutRequested(String creator, String payoutId, long amount) {
        append(
                "Earnings",
                creator,
                new EarningsEvent.PayoutRequested(new UserId(creator), payoutId, Credits.of(amount), clock));
    }

    public void payoutApproved(String creator, String payoutId, String approver, int approvals, boolean fully) {
        append(
                "Earnings",
                creator,
                new EarningsEvent.PayoutApproved(
                        new UserId(creator), payoutId, new UserId(approver), approvals, fully, clock));
    }

    public void payoutFailed(String creator, String payoutId, long amount, String reason) {
        append(
                "Earnings",
                creator,
                new EarningsEvent.PayoutFailed(
                        new UserId(creator), payoutId, Credits.of(amount), reason, new UserId("admin-1"), clock));
    }

    public long balanceOf(String wallet) {
        return walletBalances.getOrDefault(wallet, 0L);
    }

    private long wallet(String wallet, long delta) {
        return walletBalances.merge(wallet, delta, Long::sum);
    }

    private long earnings(String creator, long delta) {
        return earningsBalances.merge(creator, delta, Long::sum);
    }

    private static AccountId walletAccount(String wallet) {
        return AccountId.wallet(new UserId(wallet));
    }

    private void append(String type, String aggregateId, Object payload) {
        long sequence = sequences.merge(type + ":" + aggregateId, 1L, Long::sum) - 1;
        store.appendEvents(List.of(new GenericDomainEventMessage<>(
                type,
                aggregateId,
                sequence,
                payload,
                MetaData.emptyInstance(),
                UUID.randomUUID().toString(),
                clock)));
    }
}
