package io.creditcast.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.query.ledger.LedgerBatch.WalletChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-wallet fold of a batch does what applying its events one by one would do. */
class WalletChangeTest {
    private static final Instant T = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void aNewWalletIsInsertedWithTheFirstEventsTimeAndTheLaterEventsColumns() {
        WalletChange w = new WalletChange("w1");
        w.rate(10, 2, T);
        w.money(11, 500, T.plusSeconds(1));
        w.flag(12, true, T.plusSeconds(2));

        assertThat(w.lastIndex).isEqualTo(12);
        assertThat(w.insertedRate).isEqualTo(2);
        assertThat(w.insertedBalance).isEqualTo(500);
        assertThat(w.insertedFlagged).isTrue();
        // a flag does not move the time; the money event did
        assertThat(w.insertedAt).isEqualTo(T.plusSeconds(1));
        assertThat(w.balanceIndex).isEqualTo(11);
        assertThat(w.rateIndex).isEqualTo(10);
        assertThat(w.flagIndex).isEqualTo(12);
    }

    @Test
    void withoutAMoneyEventTheInsertKeepsTheFirstEventsTimeAndAZeroBalance() {
        WalletChange w = new WalletChange("w1");
        w.flag(7, true, T);
        w.rate(8, 3, T.plusSeconds(5));

        assertThat(w.insertedAt).isEqualTo(T);
        assertThat(w.insertedBalance).isZero();
        assertThat(w.balanceIndex).isEqualTo(WalletChange.NONE);
    }

    @Test
    void anEventNotNewerThanOneAlreadyFoldedIsSkipped() {
        WalletChange w = new WalletChange("w1");
        w.money(20, 100, T);
        w.money(19, 999, T.minusSeconds(1)); // one by one: the row already has index 20
        w.rate(20, 5, T); // same index: not newer either

        assertThat(w.balance).isEqualTo(100);
        assertThat(w.lastIndex).isEqualTo(20);
        assertThat(w.rateIndex).isEqualTo(WalletChange.NONE);
        assertThat(w.insertedRate).isNull();
    }
}
