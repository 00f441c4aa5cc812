package io.creditcast.query.ledger;

import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.earnings.EarningsEvent;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackRecorded;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackReversed;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import io.creditcast.ledger.wallet.WalletEvent.DepositRefunded;
import io.creditcast.ledger.wallet.WalletEvent.ViewingSessionStarted;
import io.creditcast.ledger.wallet.WalletEvent.WalletFlagged;
import io.creditcast.ledger.wallet.WalletEvent.WalletUnflagged;
import io.creditcast.query.projection.Projections;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projection "ledger": the journal (one row per posting leg), account balances, wallets (balance, flag,
 * last rate) and money through payment providers per day. Runs in the processor's transaction together
 * with its token, writes rows keyed by the event's global index and moves aggregated rows only forward,
 * so redelivery never counts twice. A committed balance change is announced with {@code pg_notify}
 * (delivered on commit) to the live-balance streams of every query-service instance.
 */
@Component
@ProcessingGroup(Projections.LEDGER)
public class LedgerProjection {
    public static final String BALANCE_CHANNEL = "creditcast_wallet_balance";
    static final List<String> TABLES =
            List.of("read.journal", "read.account_balance", "read.wallet", "read.payment", "read.revenue_day");

    private final JdbcTemplate jdbc;

    public LedgerProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WalletEvent event, TrackingToken token, ReplayStatus replay) {
        long index = indexOf(token);
        if (event instanceof WalletEvent.Money money) {
            if (!journal(money, index)) {
                return; // already applied
            }
            upsertWallet(money.walletId().value(), money.balanceAfterMinor(), money.occurredAt(), index);
            if (replay == ReplayStatus.REGULAR) {
                jdbc.queryForObject(
                        "SELECT pg_notify(?, ?)",
                        Object.class,
                        BALANCE_CHANNEL,
                        money.walletId().value() + " " + money.balanceAfterMinor());
            }
        }
        switch (event) {
            case CreditsDeposited e -> {
                jdbc.update(
                        "INSERT INTO read.payment (payment_id, provider, wallet_id, amount_minor, occurred_at)"
                                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING",
                        e.paymentId(),
                        e.provider(),
                        e.walletId().value(),
                        e.amount().minor(),
                        ts(e.occurredAt()));
                revenue(
                        e.occurredAt(),
                        e.provider(),
                        "deposits_minor",
                        e.amount().minor(),
                        1,
                        index);
            }
            case DepositRefunded e ->
                revenue(
                        e.occurredAt(),
                        providerOf(e.paymentId()),
                        "refunds_minor",
                        e.amount().minor(),
                        0,
                        index);
            case ChargebackRecorded e ->
                revenue(
                        e.occurredAt(),
                        providerOf(e.paymentId()),
                        "chargebacks_minor",
                        e.amount().minor(),
                        0,
                        index);
            case ChargebackReversed e ->
                revenue(
                        e.occurredAt(),
                        providerOf(e.paymentId()),
                        "chargeback_reversals_minor",
                        e.amount().minor(),
                        0,
                        index);
            case ViewingSessionStarted e ->
                jdbc.update(
                        "INSERT INTO read.wallet (wallet_id, rate_per_interval_minor, last_occurred_at,"
                                + " last_global_index) VALUES (?, ?, ?, ?) ON CONFLICT (wallet_id) DO UPDATE SET"
                                + " rate_per_interval_minor = excluded.rate_per_interval_minor,"
                                + " last_global_index = excluded.last_global_index"
                                + " WHERE wallet.last_global_index < excluded.last_global_index",
                        e.walletId().value(),
                        e.ratePerInterval().minor(),
                        ts(e.occurredAt()),
                        index);
            case WalletFlagged e -> flag(e.walletId().value(), true, e.occurredAt(), index);
            case WalletUnflagged e -> flag(e.walletId().value(), false, e.occurredAt(), index);
            default -> {
                // the other wallet events only move money (handled above)
            }
        }
    }

    @EventHandler
    void on(EarningsEvent event, TrackingToken token) {
        if (event instanceof LedgerEntry entry) {
            journal(entry, indexOf(token));
        }
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE " + String.join(", ", TABLES));
    }

    /** Writes the legs and moves the balances; false when this event was already applied. */
    private boolean journal(LedgerEntry entry, long index) {
        EntryKind kind = EntryKind.of(entry);
        List<Posting> postings = entry.postings();
        Timestamp at = ts(entry.occurredAt());
        int inserted = 0;
        for (int leg = 0; leg < postings.size(); leg++) {
            Posting p = postings.get(leg);
            inserted += jdbc.update(
                    "INSERT INTO read.journal (global_index, leg, transaction_id, entry_type, reference, account_id,"
                            + " amount_minor, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    index,
                    leg,
                    entry.transactionId(),
                    kind.type(),
                    kind.reference(),
                    p.accountId().value(),
                    p.amountMinor(),
                    at);
        }
        if (inserted == 0) {
            return false;
        }
        Map<String, Long> net = new LinkedHashMap<>();
        for (Posting p : postings) {
            net.merge(p.accountId().value(), p.amountMinor(), Long::sum);
        }
        for (var e : net.entrySet()) {
            jdbc.update(
                    "INSERT INTO read.account_balance (account_id, balance_minor, entry_count, last_global_index)"
                            + " VALUES (?, ?, 1, ?) ON CONFLICT (account_id) DO UPDATE SET"
                            + " balance_minor = account_balance.balance_minor + excluded.balance_minor,"
                            + " entry_count = account_balance.entry_count + 1,"
                            // no "only a newer index" guard: the journal insert above is this event's once-only
                            // guard, and events commit out of global-index order (a lower index can arrive after
                            // a higher one once its gap fills); a guard here dropped such an event's amount
                            // (found by the reliability crash campaign)
                            + " last_global_index = GREATEST(account_balance.last_global_index,"
                            + " excluded.last_global_index)",
                    e.getKey(),
                    e.getValue(),
                    index);
        }
        return true;
    }

    private void upsertWallet(String walletId, long balanceMinor, Instant at, long index) {
        jdbc.update(
                "INSERT INTO read.wallet (wallet_id, balance_minor, last_occurred_at, last_global_index)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (wallet_id) DO UPDATE SET"
                        + " balance_minor = excluded.balance_minor, last_occurred_at = excluded.last_occurred_at,"
                        + " last_global_index = excluded.last_global_index"
                        + " WHERE wallet.last_global_index < excluded.last_global_index",
                walletId,
                balanceMinor,
                ts(at),
                index);
    }

    private void flag(String walletId, boolean flagged, Instant at, long index) {
        jdbc.update(
                "INSERT INTO read.wallet (wallet_id, flagged, last_occurred_at, last_global_index)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (wallet_id) DO UPDATE SET flagged = excluded.flagged,"
                        + " last_global_index = excluded.last_global_index"
                        + " WHERE wallet.last_global_index < excluded.last_global_index",
                walletId,
                flagged,
                ts(at),
                index);
    }

    private void revenue(Instant at, String provider, String column, long amountMinor, int count, long index) {
        // column is one of a fixed set chosen above, never input
        jdbc.update(
                "INSERT INTO read.revenue_day (day, provider, " + column + ", deposit_count, last_global_index)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, provider) DO UPDATE SET " + column
                        + " = revenue_day." + column + " + excluded." + column
                        + ", deposit_count = revenue_day.deposit_count + excluded.deposit_count,"
                        // reached only when the event's journal rows were inserted (its once-only guard): no
                        // index guard here, an event committed out of global-index order must still count
                        + " last_global_index = GREATEST(revenue_day.last_global_index, excluded.last_global_index)",
                Date.valueOf(at.atOffset(ZoneOffset.UTC).toLocalDate()),
                provider,
                amountMinor,
                count,
                index);
    }

    private String providerOf(String paymentId) {
        List<String> found =
                jdbc.queryForList("SELECT provider FROM read.payment WHERE payment_id = ?", String.class, paymentId);
        return found.isEmpty() ? "unknown" : found.get(0);
    }

    static long indexOf(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("token without position: " + token));
    }

    static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
