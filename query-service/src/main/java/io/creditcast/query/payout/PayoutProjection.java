package io.creditcast.query.payout;

import io.creditcast.ledger.earnings.EarningsEvent;
import io.creditcast.ledger.earnings.EarningsEvent.EarningsSettled;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutApproved;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutCompleted;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutFailed;
import io.creditcast.ledger.earnings.EarningsEvent.PayoutRequested;
import io.creditcast.query.eventstore.GlobalIndex;
import io.creditcast.query.projection.BatchedStatements;
import io.creditcast.query.projection.Projections;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Part of projection "earnings": every payout request and its current state ({@code read.payout}), for
 * the admins' approval queue. Statuses are the command side's ({@code PENDING} until fully approved,
 * {@code APPROVED}, {@code COMPLETED}, {@code FAILED}). An update applies only when its event is newer than
 * the row's last one: a payout's events all come from one aggregate, in order, so a redelivered event
 * changes nothing.
 */
@Component
@ProcessingGroup(Projections.EARNINGS)
public class PayoutProjection {
    static final String TABLE = "read.payout";

    private final JdbcTemplate jdbc;

    public PayoutProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EarningsEvent event, MetaData metaData) {
        long index = GlobalIndex.of(metaData);
        switch (event) {
            case PayoutRequested e ->
                statements()
                        .add(
                                TABLE,
                                "INSERT INTO read.payout (payout_id, creator_id, amount_minor, status, requested_at,"
                                        + " updated_at, request_index, last_global_index)"
                                        + " VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?) ON CONFLICT (payout_id) DO NOTHING",
                                e.payoutId(),
                                e.creatorId().value(),
                                e.amount().minor(),
                                Timestamp.from(e.occurredAt()),
                                Timestamp.from(e.occurredAt()),
                                index,
                                index);
            case PayoutApproved e ->
                update(
                        "status = CASE WHEN ? THEN 'APPROVED' ELSE status END, approvals = ?, last_approver = ?",
                        e.payoutId(),
                        e.occurredAt(),
                        index,
                        e.fullyApproved(),
                        e.approvals(),
                        e.approver().value());
            case PayoutCompleted e ->
                update(
                        "status = 'COMPLETED', provider_reference = ?",
                        e.payoutId(),
                        e.occurredAt(),
                        index,
                        e.providerReference());
            case PayoutFailed e ->
                update("status = 'FAILED', failure_reason = ?", e.payoutId(), e.occurredAt(), index, e.reason());
            case EarningsSettled e -> {
                // income, not a payout (projected by EarningsProjection)
            }
        }
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE read.payout");
    }

    private void update(String set, String payoutId, java.time.Instant at, long index, Object... values) {
        Object[] args = new Object[values.length + 4];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = Timestamp.from(at);
        args[values.length + 1] = index;
        args[values.length + 2] = payoutId;
        args[values.length + 3] = index;
        statements()
                .add(
                        TABLE,
                        "UPDATE read.payout SET " + set + ", updated_at = ?, last_global_index = ?"
                                + " WHERE payout_id = ? AND last_global_index < ?",
                        args);
    }

    private BatchedStatements statements() {
        return BatchedStatements.ofCurrentBatch(Projections.EARNINGS, jdbc);
    }
}
