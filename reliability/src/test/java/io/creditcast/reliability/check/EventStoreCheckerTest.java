package io.creditcast.reliability.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.reliability.check.Operation.Effect;
import io.creditcast.reliability.check.Operation.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStoreCheckerTest {
    private static final String DEPOSITED = "io.creditcast.ledger.wallet.WalletEvent$CreditsDeposited";
    private static final String DEBITED = "io.creditcast.ledger.wallet.WalletEvent$IntervalDebited";
    private static final String CHARGEBACK = "io.creditcast.ledger.wallet.WalletEvent$ChargebackRecorded";
    private static final String PAYOUT = "io.creditcast.ledger.earnings.EarningsEvent$PayoutRequested";

    private long index;

    @Test
    void aBalancedHistoryWhereEveryAcknowledgedOperationHappenedOnceHasNoViolations() {
        var checker = fold(
                event(DEPOSITED, tx("deposit:ann:p1", "wallet:ann", 10, "clearing:x", -10)),
                event(DEBITED, tx("meter:ann:s1:0", "wallet:ann", -1, "settlement:creator-income", 1)));

        assertThat(checker.check(List.of(
                        op("deposit:ann:p1", Outcome.ACKNOWLEDGED),
                        op("meter:ann:s1:0", Outcome.ACKNOWLEDGED),
                        op("meter:ann:s1:1", Outcome.INDETERMINATE),
                        op("meter:ann:s1:2", Outcome.REJECTED))))
                .isEmpty();
        assertThat(checker.walletDebitMinorWithPrefix("meter:ann:s1:")).isEqualTo(1);
        assertThat(checker.totalsByParent())
                .containsEntry("meter:ann:s1:", new EventStoreChecker.PrefixTotals(1, 1))
                .containsEntry("deposit:ann:", new EventStoreChecker.PrefixTotals(1, 0));
    }

    @Test
    void aTransactionRecordedTwiceIsAViolationEvenIfNobodyAskedForIt() {
        var checker = fold(
                event(DEPOSITED, tx("deposit:ann:p1", "wallet:ann", 10, "clearing:x", -10)),
                event(DEPOSITED, tx("deposit:ann:p1", "wallet:ann", 10, "clearing:x", -10)));

        assertThat(checker.check(List.of())).singleElement().asString().contains("more than once");
    }

    @Test
    void anAcknowledgedOperationWithoutEffectAndARejectedOneWithAnEffectAreViolations() {
        var checker = fold(event(DEPOSITED, tx("deposit:ann:p1", "wallet:ann", 10, "clearing:x", -10)));

        assertThat(checker.check(
                        List.of(op("deposit:ann:p2", Outcome.ACKNOWLEDGED), op("deposit:ann:p1", Outcome.REJECTED))))
                .hasSize(2);
    }

    @Test
    void postingsThatDoNotSumToZeroAreAViolationPerTransactionAndOverall() {
        var checker = fold(event(DEPOSITED, tx("deposit:ann:p1", "wallet:ann", 10, "clearing:x", -9)));

        assertThat(checker.check(List.of()))
                .anyMatch(v -> v.contains("sum to 1"))
                .anyMatch(v -> v.contains("sum over all accounts is 1"));
    }

    @Test
    void aNegativeWalletIsAViolationUnlessAChargebackWasRecordedForIt() {
        String overdraft = tx("meter:ann:s1:0", "wallet:ann", -1, "settlement:creator-income", 1);
        assertThat(fold(event(DEBITED, overdraft)).check(List.of()))
                .singleElement()
                .asString()
                .contains("wallet:ann went negative");

        assertThat(fold(event(CHARGEBACK, "{\"walletId\":{\"value\":\"ann\"}}"), event(DEBITED, overdraft))
                        .check(List.of()))
                .isEmpty();
    }

    @Test
    void aPayoutRequestIsFoundByTheOperationIdInItsPayoutId() {
        var checker = fold(event(PAYOUT, "{\"payoutId\":\"carl/0f3a-nonce\"}"));

        assertThat(checker.check(
                        List.of(new Operation("payout", Effect.PAYOUT_REQUEST, "0f3a-nonce", Outcome.ACKNOWLEDGED))))
                .isEmpty();
        assertThat(checker.check(
                        List.of(new Operation("payout", Effect.PAYOUT_REQUEST, "other", Outcome.ACKNOWLEDGED))))
                .hasSize(1);
    }

    private EventStoreChecker fold(String[]... events) {
        EventStoreChecker checker = new EventStoreChecker();
        for (String[] e : events) {
            checker.fold(++index, e[0], e[1].getBytes(StandardCharsets.UTF_8));
        }
        checker.finish();
        return checker;
    }

    private static String[] event(String type, String payload) {
        return new String[] {type, payload};
    }

    private static String tx(String id, String account1, long amount1, String account2, long amount2) {
        return "{\"transactionId\":\"" + id + "\",\"postings\":[{\"accountId\":{\"value\":\"" + account1
                + "\"},\"amountMinor\":" + amount1 + "},{\"accountId\":{\"value\":\"" + account2
                + "\"},\"amountMinor\":" + amount2 + "}]}";
    }

    private static Operation op(String transactionId, Outcome outcome) {
        return new Operation("op", Effect.TRANSACTION, transactionId, outcome);
    }
}
