package io.creditcast.query.ledger;

import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.earnings.EarningsEvent;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.ViewingSessionStarted;
import io.creditcast.ledger.wallet.WalletEvent.WalletFlagged;
import io.creditcast.ledger.wallet.WalletEvent.WalletUnflagged;
import io.creditcast.query.eventstore.GlobalIndex;
import io.creditcast.query.projection.BatchedStatements;
import io.creditcast.query.projection.Projections;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projection "ledger": the journal (one row per posting leg), account balances, wallets (balance, flag,
 * last rate) and money through payment providers per day. The handlers only collect a processor batch's
 * rows; {@link LedgerBatch} writes them at prepare-commit with a handful of multi-row statements, in the
 * processor's transaction together with its token. Journal rows are keyed by the event's global index and
 * the other effects of an event apply only when its journal rows were new, so redelivery never counts
 * twice. A committed balance change is announced with {@code pg_notify} (delivered on commit) to the
 * live-balance streams of every query-service instance.
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
    void on(WalletEvent event, MetaData metaData, ReplayStatus replay) {
        long index = GlobalIndex.of(metaData);
        LedgerBatch batch = batch();
        switch (event) {
            case WalletEvent.Money money -> batch.entry(index, money, replay == ReplayStatus.REGULAR);
            case ViewingSessionStarted e ->
                batch.rate(index, e.walletId().value(), e.ratePerInterval().minor(), e.occurredAt());
            case WalletFlagged e -> batch.flag(index, e.walletId().value(), true, e.occurredAt());
            case WalletUnflagged e -> batch.flag(index, e.walletId().value(), false, e.occurredAt());
            default -> {
                // the other wallet events do not reach the ledger read models
            }
        }
    }

    @EventHandler
    void on(EarningsEvent event, MetaData metaData) {
        if (event instanceof LedgerEntry entry) {
            batch().entry(GlobalIndex.of(metaData), entry, false);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE " + String.join(", ", TABLES));
    }

    /** This processor batch's rows; written at prepare-commit, in the batch's transaction with the token. */
    private LedgerBatch batch() {
        return BatchedStatements.ofCurrentBatch(Projections.LEDGER, LedgerBatch::new, b -> b.flush(jdbc));
    }

    static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
