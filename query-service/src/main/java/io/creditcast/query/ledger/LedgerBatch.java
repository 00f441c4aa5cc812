package io.creditcast.query.ledger;

import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackRecorded;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackReversed;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import io.creditcast.ledger.wallet.WalletEvent.DepositRefunded;
import io.creditcast.query.projection.SqlArrays;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of one processor batch of the ledger projection, collected by the handlers and written at
 * prepare-commit with at most six statements, whatever the batch size:
 *
 * <ol>
 *   <li>the journal legs of every ledger entry, one multi-row insert-or-ignore returning the global indices
 *       whose rows were new — the journal is the projection's record of applied events;
 *   <li>only for those new events: balance deltas merged per account, payments, revenue merged per day and
 *       provider (additive, so the order of events does not matter: an event that arrives late because
 *       its global index was a gap is counted like any other);
 *   <li>wallet rows (balance after the event, flag, last rate: values, not sums) folded per wallet so the
 *       one upsert has exactly the effect of applying the batch's events one by one: a column takes the
 *       value of the newest event that sets it, and only if that event is newer than the stored row;
 *   <li>one {@code pg_notify} per wallet with its newest balance (regular processing only).
 * </ol>
 */
final class LedgerBatch {
    private final List<Long> legIndex = new ArrayList<>();
    private final List<Integer> legNumber = new ArrayList<>();
    private final List<String> legTransaction = new ArrayList<>();
    private final List<String> legType = new ArrayList<>();
    private final List<String> legReference = new ArrayList<>();
    private final List<String> legAccount = new ArrayList<>();
    private final List<Long> legAmount = new ArrayList<>();
    private final List<Instant> legAt = new ArrayList<>();

    /** Everything collected, in delivery order. */
    private final List<Pending> pending = new ArrayList<>();

    private sealed interface Pending {
        long index();
    }

    private record Entry(long index, LedgerEntry entry, boolean announce) implements Pending {}

    private record Rate(long index, String walletId, long rateMinor, Instant at) implements Pending {}

    private record Flag(long index, String walletId, boolean flagged, Instant at) implements Pending {}

    /** A money or earnings event: journal legs, and (if new) balances, wallet, payment, revenue. */
    void entry(long index, LedgerEntry entry, boolean announce) {
        EntryKind kind = EntryKind.of(entry);
        List<Posting> postings = entry.postings();
        for (int leg = 0; leg < postings.size(); leg++) {
            Posting p = postings.get(leg);
            legIndex.add(index);
            legNumber.add(leg);
            legTransaction.add(entry.transactionId());
            legType.add(kind.type());
            legReference.add(kind.reference());
            legAccount.add(p.accountId().value());
            legAmount.add(p.amountMinor());
            legAt.add(entry.occurredAt());
        }
        pending.add(new Entry(index, entry, announce));
    }

    /** A viewing session started: the wallet's last rate. */
    void rate(long index, String walletId, long rateMinor, Instant at) {
        pending.add(new Rate(index, walletId, rateMinor, at));
    }

    void flag(long index, String walletId, boolean flagged, Instant at) {
        pending.add(new Flag(index, walletId, flagged, at));
    }

    void flush(JdbcTemplate jdbc) {
        Set<Long> fresh = insertJournal(jdbc);
        Map<String, String> knownProviders = providersOfReferencedPayments(jdbc, fresh);

        Map<String, long[]> balances = new TreeMap<>(); // account → {delta, entries, last index}
        Map<String, PaymentRow> payments = new LinkedHashMap<>();
        Map<RevenueKey, long[]> revenue =
                new TreeMap<>(); // → {deposits, count, refunds, chargebacks, reversals, index}
        Map<String, WalletChange> wallets = new TreeMap<>();
        Map<String, Long> notifications = new LinkedHashMap<>();
        for (Pending p : pending) {
            switch (p) {
                case Entry e -> {
                    if (!fresh.contains(e.index())) {
                        continue; // its journal rows exist already: applied before, nothing moves again
                    }
                    Map<String, Long> net = new LinkedHashMap<>();
                    for (Posting posting : e.entry().postings()) {
                        net.merge(posting.accountId().value(), posting.amountMinor(), Long::sum);
                    }
                    for (var n : net.entrySet()) {
                        long[] b = balances.computeIfAbsent(n.getKey(), k -> new long[3]);
                        b[0] += n.getValue();
                        b[1] += 1;
                        b[2] = Math.max(b[2], e.index());
                    }
                    if (e.entry() instanceof WalletEvent.Money money) {
                        String walletId = money.walletId().value();
                        wallets.computeIfAbsent(walletId, WalletChange::new)
                                .money(e.index(), money.balanceAfterMinor(), money.occurredAt());
                        if (e.announce()) {
                            notifications.remove(walletId);
                            notifications.put(walletId, money.balanceAfterMinor());
                        }
                        revenue(money, e.index(), payments, knownProviders, revenue);
                    }
                }
                case Rate r ->
                    wallets.computeIfAbsent(r.walletId(), WalletChange::new).rate(r.index(), r.rateMinor(), r.at());
                case Flag f ->
                    wallets.computeIfAbsent(f.walletId(), WalletChange::new).flag(f.index(), f.flagged(), f.at());
            }
        }
        writeBalances(jdbc, balances);
        writePayments(jdbc, payments);
        writeRevenue(jdbc, revenue);
        writeWallets(jdbc, wallets);
        notify(jdbc, notifications);
        pending.clear();
    }

    private Set<Long> insertJournal(JdbcTemplate jdbc) {
        Set<Long> fresh = new HashSet<>();
        if (legIndex.isEmpty()) {
            return fresh;
        }
        new SqlArrays()
                .longs(legIndex)
                .ints(legNumber)
                .texts(legTransaction)
                .texts(legType)
                .texts(legReference)
                .texts(legAccount)
                .longs(legAmount)
                .instants(legAt)
                .query(
                        jdbc,
                        "INSERT INTO read.journal (global_index, leg, transaction_id, entry_type, reference,"
                                + " account_id, amount_minor, occurred_at)"
                                + " SELECT * FROM unnest(?::int8[], ?::int4[], ?::text[], ?::text[], ?::text[],"
                                + " ?::text[], ?::int8[], ?::text[]::timestamptz[])"
                                + " ON CONFLICT DO NOTHING RETURNING global_index",
                        rs -> {
                            fresh.add(rs.getLong(1));
                        });
        return fresh;
    }

    /** Providers of payments that new refunds/chargebacks refer to and that are already stored. */
    private Map<String, String> providersOfReferencedPayments(JdbcTemplate jdbc, Set<Long> fresh) {
        List<String> ids = new ArrayList<>();
        for (Pending p : pending) {
            if (p instanceof Entry e && fresh.contains(e.index())) {
                switch (e.entry()) {
                    case DepositRefunded r -> ids.add(r.paymentId());
                    case ChargebackRecorded c -> ids.add(c.paymentId());
                    case ChargebackReversed c -> ids.add(c.paymentId());
                    default -> {
                        // no payment referenced
                    }
                }
            }
        }
        Map<String, String> providers = new HashMap<>();
        if (!ids.isEmpty()) {
            new SqlArrays()
                    .texts(ids)
                    .query(
                            jdbc,
                            "SELECT payment_id, provider FROM read.payment WHERE payment_id = ANY(?::text[])",
                            rs -> {
                                providers.put(rs.getString(1), rs.getString(2));
                            });
        }
        return providers;
    }

    private record PaymentRow(String provider, String walletId, long amountMinor, Instant at) {}

    private record RevenueKey(LocalDate day, String provider) implements Comparable<RevenueKey> {
        @Override
        public int compareTo(RevenueKey o) {
            int c = day.compareTo(o.day);
            return c != 0 ? c : provider.compareTo(o.provider);
        }
    }

    private static void revenue(
            WalletEvent.Money money,
            long index,
            Map<String, PaymentRow> payments,
            Map<String, String> stored,
            Map<RevenueKey, long[]> revenue) {
        int column;
        String provider;
        long amount;
        switch (money) {
            case CreditsDeposited e -> {
                // insert-or-ignore: a payment stored before keeps its row
                if (!stored.containsKey(e.paymentId())) {
                    payments.putIfAbsent(
                            e.paymentId(),
                            new PaymentRow(
                                    e.provider(),
                                    e.walletId().value(),
                                    e.amount().minor(),
                                    e.occurredAt()));
                }
                column = 0;
                provider = e.provider();
                amount = e.amount().minor();
            }
            case DepositRefunded e -> {
                column = 2;
                provider = providerOf(e.paymentId(), stored, payments);
                amount = e.amount().minor();
            }
            case ChargebackRecorded e -> {
                column = 3;
                provider = providerOf(e.paymentId(), stored, payments);
                amount = e.amount().minor();
            }
            case ChargebackReversed e -> {
                column = 4;
                provider = providerOf(e.paymentId(), stored, payments);
                amount = e.amount().minor();
            }
            default -> {
                return; // not money through a payment provider
            }
        }
        LocalDate day = money.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
        long[] r = revenue.computeIfAbsent(new RevenueKey(day, provider), k -> new long[6]);
        r[column] += amount;
        if (column == 0) {
            r[1] += 1;
        }
        r[5] = Math.max(r[5], index);
    }

    private static String providerOf(String paymentId, Map<String, String> stored, Map<String, PaymentRow> batch) {
        String provider = stored.get(paymentId);
        if (provider != null) {
            return provider;
        }
        PaymentRow row = batch.get(paymentId);
        return row == null ? "unknown" : row.provider();
    }

    private static void writeBalances(JdbcTemplate jdbc, Map<String, long[]> balances) {
        if (balances.isEmpty()) {
            return;
        }
        List<String> accounts = new ArrayList<>(balances.keySet());
        List<Long> deltas = new ArrayList<>();
        List<Long> entries = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        for (long[] b : balances.values()) {
            deltas.add(b[0]);
            entries.add(b[1]);
            indices.add(b[2]);
        }
        new SqlArrays()
                .texts(accounts)
                .longs(deltas)
                .longs(entries)
                .longs(indices)
                .update(
                        jdbc,
                        "INSERT INTO read.account_balance (account_id, balance_minor, entry_count, last_global_index)"
                                + " SELECT * FROM unnest(?::text[], ?::int8[], ?::int8[], ?::int8[])"
                                + " ON CONFLICT (account_id) DO UPDATE SET"
                                + " balance_minor = account_balance.balance_minor + excluded.balance_minor,"
                                + " entry_count = account_balance.entry_count + excluded.entry_count,"
                                + " last_global_index = GREATEST(account_balance.last_global_index,"
                                + " excluded.last_global_index)");
    }

    private static void writePayments(JdbcTemplate jdbc, Map<String, PaymentRow> payments) {
        if (payments.isEmpty()) {
            return;
        }
        List<String> providers = new ArrayList<>();
        List<String> walletIds = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (PaymentRow p : payments.values()) {
            providers.add(p.provider());
            walletIds.add(p.walletId());
            amounts.add(p.amountMinor());
            times.add(p.at());
        }
        new SqlArrays()
                .texts(new ArrayList<>(payments.keySet()))
                .texts(providers)
                .texts(walletIds)
                .longs(amounts)
                .instants(times)
                .update(
                        jdbc,
                        "INSERT INTO read.payment (payment_id, provider, wallet_id, amount_minor, occurred_at)"
                                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[],"
                                + " ?::text[]::timestamptz[]) ON CONFLICT (payment_id) DO NOTHING");
    }

    private static void writeRevenue(JdbcTemplate jdbc, Map<RevenueKey, long[]> revenue) {
        if (revenue.isEmpty()) {
            return;
        }
        List<LocalDate> days = new ArrayList<>();
        List<String> providers = new ArrayList<>();
        List<List<Long>> columns = List.of(
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>());
        for (var r : revenue.entrySet()) {
            days.add(r.getKey().day());
            providers.add(r.getKey().provider());
            for (int c = 0; c < 6; c++) {
                columns.get(c).add(r.getValue()[c]);
            }
        }
        new SqlArrays()
                .dates(days)
                .texts(providers)
                .longs(columns.get(0))
                .longs(columns.get(1))
                .longs(columns.get(2))
                .longs(columns.get(3))
                .longs(columns.get(4))
                .longs(columns.get(5))
                .update(
                        jdbc,
                        "INSERT INTO read.revenue_day (day, provider, deposits_minor, deposit_count, refunds_minor,"
                                + " chargebacks_minor, chargeback_reversals_minor, last_global_index)"
                                + " SELECT * FROM unnest(?::text[]::date[], ?::text[], ?::int8[], ?::int8[],"
                                + " ?::int8[], ?::int8[], ?::int8[], ?::int8[])"
                                + " ON CONFLICT (day, provider) DO UPDATE SET"
                                + " deposits_minor = revenue_day.deposits_minor + excluded.deposits_minor,"
                                + " deposit_count = revenue_day.deposit_count + excluded.deposit_count,"
                                + " refunds_minor = revenue_day.refunds_minor + excluded.refunds_minor,"
                                + " chargebacks_minor = revenue_day.chargebacks_minor + excluded.chargebacks_minor,"
                                + " chargeback_reversals_minor = revenue_day.chargeback_reversals_minor"
                                + " + excluded.chargeback_reversals_minor,"
                                + " last_global_index = GREATEST(revenue_day.last_global_index,"
                                + " excluded.last_global_index)");
    }

    /**
     * A wallet's changes in this batch, folded so that one statement does what applying the events one by
     * one would do. Each event type sets some columns (money: balance and time; session: rate; flag: flag)
     * and only applies to a stored row with a lower last global index. So: if the row exists, a column
     * takes the value of the newest event setting it when that event is newer than the row; if it does not
     * exist, the first event inserts it and the later ones update it ({@code inserted*}).
     */
    static final class WalletChange {
        /** No event of this batch sets the column (lower than any global index). */
        static final long NONE = -1;

        final String walletId;
        long lastIndex = NONE;
        long insertedBalance;
        boolean insertedFlagged;
        Long insertedRate;
        Instant insertedAt;
        long balanceIndex = NONE;
        long balance;
        Instant balanceAt;
        long flagIndex = NONE;
        boolean flagged;
        long rateIndex = NONE;
        Long rate;

        WalletChange(String walletId) {
            this.walletId = walletId;
        }

        void money(long index, long balanceMinor, Instant at) {
            if (accept(index, at)) {
                balanceIndex = index;
                balance = balanceMinor;
                balanceAt = at;
                insertedBalance = balanceMinor;
                insertedAt = at;
            }
        }

        void rate(long index, long rateMinor, Instant at) {
            if (accept(index, at)) {
                rateIndex = index;
                rate = rateMinor;
                insertedRate = rateMinor;
            }
        }

        void flag(long index, boolean value, Instant at) {
            if (accept(index, at)) {
                flagIndex = index;
                flagged = value;
                insertedFlagged = value;
            }
        }

        /** An event not newer than one already folded would find the row newer: skipped, as one by one. */
        private boolean accept(long index, Instant at) {
            if (index <= lastIndex) {
                return false;
            }
            if (lastIndex == NONE) {
                insertedAt = at; // every insert records the first event's time
            }
            lastIndex = index;
            return true;
        }
    }

    private static void writeWallets(JdbcTemplate jdbc, Map<String, WalletChange> wallets) {
        if (wallets.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>();
        List<Long> insertedBalance = new ArrayList<>();
        List<Boolean> insertedFlagged = new ArrayList<>();
        List<Long> insertedRate = new ArrayList<>();
        List<Instant> insertedAt = new ArrayList<>();
        List<Long> lastIndex = new ArrayList<>();
        List<Long> balanceIndex = new ArrayList<>();
        List<Long> balance = new ArrayList<>();
        List<Instant> balanceAt = new ArrayList<>();
        List<Long> flagIndex = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        List<Long> rateIndex = new ArrayList<>();
        List<Long> rate = new ArrayList<>();
        for (WalletChange w : wallets.values()) {
            ids.add(w.walletId);
            insertedBalance.add(w.insertedBalance);
            insertedFlagged.add(w.insertedFlagged);
            insertedRate.add(w.insertedRate);
            insertedAt.add(w.insertedAt);
            lastIndex.add(w.lastIndex);
            balanceIndex.add(w.balanceIndex);
            balance.add(w.balance);
            balanceAt.add(w.balanceAt);
            flagIndex.add(w.flagIndex);
            flagged.add(w.flagged);
            rateIndex.add(w.rateIndex);
            rate.add(w.rate);
        }
        // One writer per table (the processor's claimed token), so "exists" cannot change under the
        // statement: rows that exist are updated (if older), the others inserted.
        new SqlArrays()
                .texts(ids)
                .longs(insertedBalance)
                .booleans(insertedFlagged)
                .longs(insertedRate)
                .instants(insertedAt)
                .longs(lastIndex)
                .longs(balanceIndex)
                .longs(balance)
                .instants(balanceAt)
                .longs(flagIndex)
                .booleans(flagged)
                .longs(rateIndex)
                .longs(rate)
                .update(
                        jdbc,
                        "WITH u AS (SELECT * FROM unnest(?::text[], ?::int8[], ?::bool[], ?::int8[],"
                                + " ?::text[]::timestamptz[], ?::int8[], ?::int8[], ?::int8[], ?::text[]::timestamptz[],"
                                + " ?::int8[], ?::bool[], ?::int8[], ?::int8[]) AS u(wallet_id, ins_balance, ins_flagged,"
                                + " ins_rate, ins_at, last_index, balance_index, balance, balance_at, flag_index,"
                                + " flagged, rate_index, rate)),"
                                + " updated AS (UPDATE read.wallet w SET"
                                + " balance_minor = CASE WHEN u.balance_index > w.last_global_index"
                                + " THEN u.balance ELSE w.balance_minor END,"
                                + " last_occurred_at = CASE WHEN u.balance_index > w.last_global_index"
                                + " THEN u.balance_at ELSE w.last_occurred_at END,"
                                + " flagged = CASE WHEN u.flag_index > w.last_global_index"
                                + " THEN u.flagged ELSE w.flagged END,"
                                + " rate_per_interval_minor = CASE WHEN u.rate_index > w.last_global_index"
                                + " THEN u.rate ELSE w.rate_per_interval_minor END,"
                                + " last_global_index = u.last_index"
                                + " FROM u WHERE w.wallet_id = u.wallet_id AND w.last_global_index < u.last_index"
                                + " RETURNING w.wallet_id)"
                                + " INSERT INTO read.wallet (wallet_id, balance_minor, flagged, rate_per_interval_minor,"
                                + " last_occurred_at, last_global_index)"
                                + " SELECT wallet_id, ins_balance, ins_flagged, ins_rate, ins_at, last_index FROM u"
                                + " WHERE NOT EXISTS (SELECT 1 FROM read.wallet x WHERE x.wallet_id = u.wallet_id)");
    }

    private static void notify(JdbcTemplate jdbc, Map<String, Long> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>();
        notifications.forEach((wallet, balance) -> payloads.add(wallet + " " + balance));
        // delivered on commit; a wallet changed several times in one batch announces its newest balance
        new SqlArrays()
                .texts(payloads)
                .query(
                        jdbc,
                        "SELECT pg_notify('" + LedgerProjection.BALANCE_CHANNEL + "', m) FROM unnest(?::text[]) AS m",
                        rs -> {
                            // nothing to read
                        });
    }
}
