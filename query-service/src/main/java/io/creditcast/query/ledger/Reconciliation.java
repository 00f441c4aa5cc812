package io.creditcast.query.ledger;

import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.query.eventstore.GlobalIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Compares every read-model balance with a fold of the event store itself. The read model is read in one
 * statement (one consistent snapshot); its highest applied global index bounds the fold, so a projection
 * that is merely behind does not show up as a difference. Memory: one counter per account.
 */
@Service
public class Reconciliation {
    private final JdbcTemplate jdbc;
    private final JdbcEventStorageEngine eventStore;

    public Reconciliation(JdbcTemplate jdbc, JdbcEventStorageEngine eventStore) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
    }

    public record Difference(String accountId, long readModelMinor, long eventStoreMinor, long differenceMinor) {}

    public record Report(
            long checkedUpToGlobalIndex,
            long eventsFolded,
            int accountsChecked,
            int walletsChecked,
            long eventStoreSumMinor,
            int differenceCount,
            boolean truncated,
            List<Difference> differences) {}

    /** Blocking; call off the event loop. */
    public Report run(int maxDifferences) {
        Map<String, Long> readModel = new HashMap<>();
        long[] upTo = {-1};
        jdbc.query("SELECT account_id, balance_minor, last_global_index FROM read.account_balance", rs -> {
            readModel.put(rs.getString(1), rs.getLong(2));
            upTo[0] = Math.max(upTo[0], rs.getLong(3));
        });
        Map<String, Long> walletModel = new HashMap<>();
        jdbc.query(
                "SELECT wallet_id, balance_minor FROM read.wallet WHERE last_global_index <= ?",
                rs -> {
                    walletModel.put(rs.getString(1), rs.getLong(2));
                },
                upTo[0]);

        Map<String, Long> folded = new HashMap<>();
        Map<String, Long> walletFolded = new HashMap<>();
        long events = 0;
        long sum = 0;
        if (upTo[0] >= 0) {
            try (Stream<? extends TrackedEventMessage<?>> stream = eventStore.readEvents(null, false)) {
                var it = stream.iterator();
                while (it.hasNext()) {
                    TrackedEventMessage<?> m = it.next();
                    // the event's own index: late commits (gap fills) come after higher indexes
                    if (GlobalIndex.of(m.getMetaData()) > upTo[0]) {
                        continue;
                    }
                    events++;
                    if (m.getPayload() instanceof LedgerEntry entry) {
                        for (Posting p : entry.postings()) {
                            folded.merge(p.accountId().value(), p.amountMinor(), Long::sum);
                            sum += p.amountMinor();
                        }
                    }
                    if (m.getPayload() instanceof WalletEvent.Money money) {
                        walletFolded.put(money.walletId().value(), money.balanceAfterMinor());
                    }
                }
            }
        }
        TreeSet<String> accounts = new TreeSet<>(readModel.keySet());
        accounts.addAll(folded.keySet());
        List<Difference> differences = new ArrayList<>();
        int count = 0;
        for (String account : accounts) {
            long model = readModel.getOrDefault(account, 0L);
            long store = folded.getOrDefault(account, 0L);
            if (model != store || !readModel.containsKey(account)) {
                count++;
                if (differences.size() < maxDifferences) {
                    differences.add(new Difference(account, model, store, model - store));
                }
            }
        }
        TreeSet<String> wallets = new TreeSet<>(walletFolded.keySet());
        for (String wallet : wallets) {
            long model = walletModel.getOrDefault(wallet, 0L);
            long store = walletFolded.get(wallet);
            if (model != store) {
                count++;
                if (differences.size() < maxDifferences) {
                    differences.add(new Difference("wallet-row:" + wallet, model, store, model - store));
                }
            }
        }
        return new Report(
                upTo[0],
                events,
                accounts.size(),
                wallets.size(),
                sum,
                count,
                count > differences.size(),
                List.copyOf(differences));
    }
}
