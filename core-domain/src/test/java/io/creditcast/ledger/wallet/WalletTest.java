package io.creditcast.ledger.wallet;

import static io.creditcast.ledger.account.AccountId.PLATFORM_REVENUE;
import static io.creditcast.ledger.account.AccountId.SETTLEMENT_CREATOR_INCOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.Posting;
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
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import io.creditcast.ledger.wallet.WalletEvent.ViewingSessionStarted;
import io.creditcast.ledger.wallet.WalletEvent.WalletAdjusted;
import io.creditcast.ledger.wallet.WalletEvent.WalletFlagged;
import io.creditcast.ledger.wallet.WalletEvent.WalletUnflagged;
import io.creditcast.ledger.wallet.WalletResults.MeterOutcome;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given events → when a command → then events, or a typed rejection and no events. */
class WalletTest {
    static final UserId VIEWER = new UserId("viewer-1");
    static final UserId CREATOR = new UserId("creator-1");
    static final AccountId WALLET = AccountId.wallet(VIEWER);
    static final FeePolicy FEE_30 = FeePolicy.DEFAULT;

    AggregateTestFixture<Wallet> fixture;
    Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Wallet.class);
        fixture.registerInjectableResource(MeteringStops.NEVER);
        now = fixture.currentTime();
    }

    CreditsDeposited deposited(String paymentId, long amount, long balanceAfter) {
        return new CreditsDeposited(
                VIEWER,
                paymentId,
                "stripe",
                Credits.of(amount),
                "deposit:viewer-1:" + paymentId,
                List.of(new Posting(AccountId.clearing("stripe"), -amount), new Posting(WALLET, amount)),
                balanceAfter,
                "provider:stripe",
                now);
    }

    ViewingSessionStarted session(String id, long rate) {
        return new ViewingSessionStarted(VIEWER, id, "stream-1", CREATOR, Credits.of(rate), 10_000, now);
    }

    IntervalDebited debited(String session, long index, long rate, long balanceAfter) {
        return new IntervalDebited(
                VIEWER,
                session,
                index,
                index * 10_000,
                "stream-1",
                CREATOR,
                Credits.of(rate),
                "meter:viewer-1:" + session + ":" + index,
                List.of(new Posting(WALLET, -rate), new Posting(SETTLEMENT_CREATOR_INCOME, rate)),
                balanceAfter,
                now);
    }

    DebitMeteredInterval ping(String session, long index) {
        return new DebitMeteredInterval(VIEWER, session, index, index * 10_000);
    }

    @Test
    void a_verified_payment_deposits_credits() {
        fixture.givenNoPriorActivity()
                .when(new DepositCredits(VIEWER, "pay-1", "stripe", Credits.of(500), "provider:stripe"))
                .expectEvents(deposited("pay-1", 500, 500));
    }

    @Test
    void the_same_payment_deposits_once() {
        fixture.given(deposited("pay-1", 500, 500))
                .when(new DepositCredits(VIEWER, "pay-1", "stripe", Credits.of(500), "provider:stripe"))
                .expectNoEvents()
                .expectResultMessagePayload(
                        new WalletResults.WalletOutcome("deposit:viewer-1:pay-1", 500, false, true));
    }

    @Test
    void a_session_starts_at_the_resolved_rate() {
        fixture.given(deposited("p", 5, 5))
                .when(new StartViewingSession(VIEWER, "s1", "stream-1", CREATOR, Credits.of(2), 10_000))
                .expectEvents(session("s1", 2));
    }

    @Test
    void an_interval_with_exactly_enough_credits_is_debited_to_zero() {
        fixture.given(deposited("p", 2, 2), session("s1", 2))
                .when(ping("s1", 0))
                .expectEvents(debited("s1", 0, 2, 0))
                .expectResultMessagePayload(new MeterOutcome("s1", 0, 2, 0, 10_000, false));
    }

    @Test
    void an_interval_one_credit_short_is_rejected_and_writes_nothing() {
        fixture.given(deposited("p", 1, 1), session("s1", 2))
                .when(ping("s1", 0))
                .expectNoEvents()
                .expectException(LedgerRejection.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("insufficient credits"));
    }

    @Test
    void a_duplicate_interval_is_answered_without_a_second_debit() {
        fixture.given(deposited("p", 5, 5), session("s1", 1), debited("s1", 3, 1, 4))
                .when(ping("s1", 3))
                .expectNoEvents()
                .expectResultMessagePayload(new MeterOutcome("s1", 3, 0, 4, 40_000, true));
    }

    @Test
    void an_earlier_interval_arriving_late_is_still_debited_once() {
        fixture.given(deposited("p", 5, 5), session("s1", 1), debited("s1", 3, 1, 4))
                .when(ping("s1", 1))
                .expectEvents(debited("s1", 1, 1, 3));
    }

    @Test
    void an_unknown_session_is_rejected() {
        fixture.given(deposited("p", 5, 5))
                .when(ping("nope", 0))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
    }

    @Test
    void an_unknown_wallet_cannot_be_debited() {
        fixture.givenNoPriorActivity()
                .when(ping("s1", 0))
                .expectNoEvents()
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
    }

    @Test
    void an_interval_past_the_session_limit_is_rejected() {
        fixture.given(deposited("p", 5, 5), session("s1", 1))
                .when(ping("s1", Wallet.MAX_INTERVALS_PER_SESSION))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
    }

    @Test
    void zero_and_negative_amounts_are_refused_by_the_command_itself() {
        assertThatThrownBy(() -> new DepositCredits(VIEWER, "p", "stripe", Credits.of(0), "provider:stripe"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Credits.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Credits.of(Credits.MAX_MINOR + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ping("s1", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_tip_splits_the_platform_fee_in_the_same_posting() {
        fixture.given(deposited("p", 100, 100))
                .when(new TipCreator(VIEWER, "t1", CREATOR, Credits.of(100), "gg", FEE_30))
                .expectEvents(new TipSent(
                        VIEWER,
                        "t1",
                        CREATOR,
                        Credits.of(100),
                        Credits.of(30),
                        Credits.of(70),
                        "gg",
                        "tip:viewer-1:t1",
                        List.of(
                                new Posting(WALLET, -100),
                                new Posting(PLATFORM_REVENUE, 30),
                                new Posting(SETTLEMENT_CREATOR_INCOME, 70)),
                        0,
                        now));
    }

    @Test
    void a_tip_one_credit_over_the_balance_is_rejected() {
        fixture.given(deposited("p", 99, 99))
                .when(new TipCreator(VIEWER, "t1", CREATOR, Credits.of(100), null, FEE_30))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
    }

    @Test
    void a_purchase_splits_the_fee_like_a_tip() {
        fixture.given(deposited("p", 10, 10))
                .when(new PurchaseProduct(VIEWER, "b1", "prod-1", ProductKind.TICKET, CREATOR, Credits.of(7), FEE_30))
                .expectEvents(new ProductPurchased(
                        VIEWER,
                        "b1",
                        "prod-1",
                        ProductKind.TICKET,
                        CREATOR,
                        Credits.of(7),
                        Credits.of(2),
                        Credits.of(5),
                        "purchase:viewer-1:b1",
                        List.of(
                                new Posting(WALLET, -7),
                                new Posting(PLATFORM_REVENUE, 2),
                                new Posting(SETTLEMENT_CREATOR_INCOME, 5)),
                        3,
                        now));
    }

    ProductPurchased bought(String purchaseId, String productId, ProductKind kind, long balanceAfter) {
        return new ProductPurchased(
                VIEWER,
                purchaseId,
                productId,
                kind,
                CREATOR,
                Credits.of(1),
                Credits.of(0),
                Credits.of(1),
                "purchase:viewer-1:" + purchaseId,
                List.of(new Posting(WALLET, -1), new Posting(SETTLEMENT_CREATOR_INCOME, 1)),
                balanceAfter,
                now);
    }

    @Test
    void a_bought_ticket_or_access_pass_is_held_but_a_subscription_period_is_not_a_pass() {
        fixture.given(
                        deposited("p", 10, 10),
                        bought("b1", "ticket-1", ProductKind.TICKET, 9),
                        bought("b2", "pass-1", ProductKind.ACCESS_PASS, 8),
                        bought("b3", "sub-1", ProductKind.SUBSCRIPTION_PERIOD, 7))
                .when(new AdjustWallet(VIEWER, "adj-1", 1, "goodwill", new UserId("admin-1")))
                .expectState(w -> {
                    assertThat(w.holdsAnyPass(List.of("ticket-1"))).isTrue();
                    assertThat(w.holdsAnyPass(List.of("other", "pass-1"))).isTrue();
                    assertThat(w.holdsAnyPass(List.of("sub-1"))).isFalse();
                    assertThat(w.holdsAnyPass(List.of())).isFalse();
                });
    }

    @Test
    void a_wallet_holds_at_most_the_limit_of_distinct_passes_and_may_buy_one_it_holds_again() {
        long n = Wallet.MAX_PASSES_HELD;
        List<Object> given = new java.util.ArrayList<>();
        given.add(deposited("p", n + 10, n + 10));
        for (int i = 0; i < n - 1; i++) {
            given.add(bought("b" + i, "pass-" + i, ProductKind.ACCESS_PASS, n + 10 - i - 1));
        }
        // one below the limit: the last distinct pass is accepted
        fixture.given(given)
                .when(new PurchaseProduct(
                        VIEWER, "last", "pass-last", ProductKind.TICKET, CREATOR, Credits.of(1), FEE_30))
                .expectSuccessfulHandlerExecution();
        given.add(bought("last", "pass-last", ProductKind.TICKET, 10));
        // at the limit: one more distinct pass is refused, nothing recorded
        fixture.given(given)
                .when(new PurchaseProduct(
                        VIEWER, "over", "pass-over", ProductKind.TICKET, CREATOR, Credits.of(1), FEE_30))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        // a pass already held and a subscription period still sell
        fixture.given(given)
                .when(new PurchaseProduct(
                        VIEWER, "again", "pass-0", ProductKind.ACCESS_PASS, CREATOR, Credits.of(1), FEE_30))
                .expectSuccessfulHandlerExecution();
        fixture.given(given)
                .when(new PurchaseProduct(
                        VIEWER, "sub", "sub-1", ProductKind.SUBSCRIPTION_PERIOD, CREATOR, Credits.of(1), FEE_30))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void a_refund_after_spending_drives_the_wallet_negative_and_flags_it_and_it_cannot_spend() {
        var refunded = new WalletEvent.DepositRefunded(
                VIEWER,
                "p",
                "r1",
                Credits.of(10),
                "refund:viewer-1:p:r1",
                List.of(new Posting(WALLET, -10), new Posting(AccountId.clearing("stripe"), 10)),
                -4,
                "admin-1",
                now);
        fixture.given(deposited("p", 10, 10), session("s1", 4), debited("s1", 0, 4, 6))
                .when(new RefundDeposit(VIEWER, "p", "r1", Credits.of(10), "admin-1"))
                .expectEvents(refunded, new WalletFlagged(VIEWER, -4, "refund r1", now));

        fixture.given(
                        deposited("p", 10, 10),
                        session("s1", 4),
                        debited("s1", 0, 4, 6),
                        refunded,
                        new WalletFlagged(VIEWER, -4, "refund r1", now))
                .when(new TipCreator(VIEWER, "t", CREATOR, Credits.of(1), null, FEE_30))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
    }

    @Test
    void a_chargeback_and_its_reversal_are_compensating_postings() {
        var chargeback = new ChargebackRecorded(
                VIEWER,
                "p",
                "dp1",
                Credits.of(10),
                "chargeback:viewer-1:dp1",
                List.of(new Posting(WALLET, -10), new Posting(AccountId.clearing("stripe"), 10)),
                -5,
                "provider:stripe",
                now);
        fixture.given(deposited("p", 10, 10), session("s1", 5), debited("s1", 0, 5, 5))
                .when(new RecordChargeback(VIEWER, "p", "dp1", Credits.of(10), "provider:stripe"))
                .expectEvents(chargeback, new WalletFlagged(VIEWER, -5, "chargeback dp1", now));
        fixture.given(
                        deposited("p", 10, 10),
                        session("s1", 5),
                        debited("s1", 0, 5, 5),
                        chargeback,
                        new WalletFlagged(VIEWER, -5, "chargeback dp1", now))
                .when(new ReverseChargeback(VIEWER, "dp1", "admin-2"))
                .expectEvents(
                        new ChargebackReversed(
                                VIEWER,
                                "p",
                                "dp1",
                                Credits.of(10),
                                "chargeback-reversal:viewer-1:dp1",
                                List.of(new Posting(AccountId.clearing("stripe"), -10), new Posting(WALLET, 10)),
                                5,
                                "admin-2",
                                now),
                        new WalletUnflagged(VIEWER, 5, now));
    }

    @Test
    void deposits_refunds_chargebacks_and_reversals_need_an_actor_of_at_most_200_characters() {
        assertThat(new RefundDeposit(VIEWER, "p", "r", Credits.of(1), "a".repeat(200)).actor())
                .hasSize(200);
        assertThatThrownBy(() -> new RefundDeposit(VIEWER, "p", "r", Credits.of(1), "a".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DepositCredits(VIEWER, "p", "stripe", Credits.of(1), " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecordChargeback(VIEWER, "p", "d", Credits.of(1), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ReverseChargeback(VIEWER, "d", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_refund_larger_than_what_remains_of_the_deposit_is_rejected() {
        fixture.given(deposited("p", 10, 10))
                .when(new RefundDeposit(VIEWER, "p", "r1", Credits.of(11), "admin-1"))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
    }

    @Test
    void an_adjustment_records_actor_and_reason_and_cannot_go_below_zero() {
        UserId admin = new UserId("admin-1");
        fixture.given(deposited("p", 10, 10))
                .when(new AdjustWallet(VIEWER, "a1", -10, "duplicate deposit", admin))
                .expectEvents(new WalletAdjusted(
                        VIEWER,
                        "a1",
                        -10,
                        "duplicate deposit",
                        admin,
                        "adjustment:viewer-1:a1",
                        List.of(new Posting(WALLET, -10), new Posting(AccountId.PLATFORM_ADJUSTMENTS, 10)),
                        0,
                        now));
        fixture.given(deposited("p", 10, 10))
                .when(new AdjustWallet(VIEWER, "a1", -11, "too much", admin))
                .expectNoEvents()
                .expectException(LedgerRejection.class);
        assertThatThrownBy(() -> new AdjustWallet(VIEWER, "a1", 5, " ", admin))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_fee_is_rounded_down_and_the_remainder_goes_to_the_creator() {
        var split = FEE_30.split(Credits.of(1));
        assertThat(split.fee()).isEqualTo(Credits.ZERO);
        assertThat(split.creatorShare()).isEqualTo(Credits.of(1));
        assertThat(FEE_30.split(Credits.of(Credits.MAX_MINOR)).fee().minor()).isEqualTo(Credits.MAX_MINOR * 3 / 10);
    }
}
