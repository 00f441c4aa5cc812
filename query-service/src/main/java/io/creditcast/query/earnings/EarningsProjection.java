package io.creditcast.query.earnings;

import io.creditcast.ledger.earnings.EarningsEvent;
import io.creditcast.ledger.earnings.EarningsEvent.EarningsSettled;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import io.creditcast.query.eventstore.GlobalIndex;
import io.creditcast.query.projection.BatchedStatements;
import io.creditcast.query.projection.Projections;
import java.sql.Date;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projection "earnings": creator income per UTC day and source. Tips and purchases are split into fee
 * and creator share when posted; metering income is split at settlement, so its fee and net are added on
 * the settlement day (its gross on the day it was watched).
 */
@Component
@ProcessingGroup(Projections.EARNINGS)
public class EarningsProjection {
    private final JdbcTemplate jdbc;

    public EarningsProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WalletEvent event, MetaData metaData) {
        long index = GlobalIndex.of(metaData);
        switch (event) {
            case IntervalDebited e ->
                add(
                        e.creatorId().value(),
                        e.occurredAt(),
                        "metering",
                        e.amount().minor(),
                        0,
                        0,
                        1,
                        index);
            case TipSent e ->
                add(
                        e.creatorId().value(),
                        e.occurredAt(),
                        "tips",
                        e.amount().minor(),
                        e.fee().minor(),
                        e.creatorShare().minor(),
                        1,
                        index);
            case ProductPurchased e ->
                add(
                        e.creatorId().value(),
                        e.occurredAt(),
                        "purchases",
                        e.price().minor(),
                        e.fee().minor(),
                        e.creatorShare().minor(),
                        1,
                        index);
            default -> {
                // not creator income
            }
        }
    }

    @EventHandler
    void on(EarningsEvent event, MetaData metaData) {
        if (event instanceof EarningsSettled e && !e.meteringGross().isZero()) {
            long fee = e.meteringFee().minor();
            add(
                    e.creatorId().value(),
                    e.occurredAt(),
                    "metering",
                    0,
                    fee,
                    e.meteringGross().minor() - fee,
                    0,
                    GlobalIndex.of(metaData));
        }
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE read.creator_earnings_day");
        jdbc.update("DELETE FROM read.applied_event WHERE target = 'creator_earnings_day'");
    }

    private void add(String creator, Instant at, String source, long gross, long fee, long net, int count, long index) {
        // sent with the rest of the processor's batch at prepare-commit, in event order. Applied once per event
        // (read.applied_event), not "newer index only": income events of different wallets can arrive out of
        // global-index order when a slow command-side transaction fills its gap late.
        BatchedStatements.ofCurrentBatch(Projections.EARNINGS, jdbc)
                .add(
                        "read.creator_earnings_day",
                        "WITH first_time AS (INSERT INTO read.applied_event (target, global_index)"
                                + " VALUES ('creator_earnings_day', ?) ON CONFLICT DO NOTHING RETURNING global_index)"
                                + " INSERT INTO read.creator_earnings_day (creator_id, day, source, gross_minor, fee_minor,"
                                + " net_minor, entry_count, last_global_index) SELECT ?, ?, ?, ?, ?, ?, ?, global_index"
                                + " FROM first_time ON CONFLICT (creator_id, day, source) DO UPDATE SET"
                                + " gross_minor = creator_earnings_day.gross_minor + excluded.gross_minor,"
                                + " fee_minor = creator_earnings_day.fee_minor + excluded.fee_minor,"
                                + " net_minor = creator_earnings_day.net_minor + excluded.net_minor,"
                                + " entry_count = creator_earnings_day.entry_count + excluded.entry_count,"
                                + " last_global_index = GREATEST(creator_earnings_day.last_global_index,"
                                + " excluded.last_global_index)",
                        index,
                        creator,
                        Date.valueOf(at.atOffset(ZoneOffset.UTC).toLocalDate()),
                        source,
                        gross,
                        fee,
                        net,
                        count);
    }
}
