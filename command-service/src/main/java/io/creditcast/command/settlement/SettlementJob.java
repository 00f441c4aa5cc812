package io.creditcast.command.settlement;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.earnings.EarningsCommands.SettleEarnings;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles creator income in batches so no creator's earnings aggregate sees one command per ping.
 *
 * <p>Each tick plans a run over a fixed range of the global event index — up to the highest index
 * seen at the previous tick, so transactions in flight then have long committed — sums the income
 * per creator in that range, and sends one {@link SettleEarnings} per creator. Runs are numbered and
 * their ranges stored before any command is sent; a crash mid-run resumes the same run, and the
 * earnings aggregate ignores a run number it has applied: every debit is settled exactly once.
 * A PostgreSQL advisory lock keeps a second instance from running the same job at the same time.
 */
@Component
public class SettlementJob {
    private static final Logger log = LoggerFactory.getLogger(SettlementJob.class);
    private static final long ADVISORY_LOCK_KEY = 0x5e771e;
    private static final String[] INCOME_TYPES = {
        IntervalDebited.class.getName(), TipSent.class.getName(), ProductPurchased.class.getName()
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CommandGateway commands;
    private final Serializer serializer;
    private final CreditcastProperties.Settlement config;
    private final FeePolicy meteringFee;

    public SettlementJob(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            CommandGateway commands,
            Serializer serializer,
            CreditcastProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.commands = commands;
        this.serializer = serializer;
        this.config = properties.settlement();
        this.meteringFee = properties.fees().policy();
    }

    /** One creator's income within one run. */
    record Income(long meteringGross, long tipsNet, long purchasesNet, long debits) {
        Income plus(Income o) {
            return new Income(
                    meteringGross + o.meteringGross,
                    tipsNet + o.tipsNet,
                    purchasesNet + o.purchasesNet,
                    debits + o.debits);
        }
    }

    public record RunSummary(long runNumber, int creators, long events) {}

    @Scheduled(
            fixedDelayString = "${creditcast.settlement.interval-ms}",
            initialDelayString = "${creditcast.settlement.interval-ms}")
    public void tick() {
        if (!config.enabled()) {
            return;
        }
        try {
            settleOnce();
        } catch (RuntimeException e) {
            log.warn("settlement tick failed; the run resumes at the next tick", e);
        }
    }

    /** Finishes a planned run, or plans and runs the next one. Returns what was settled, if anything. */
    public synchronized RunSummary settleOnce() {
        Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_lock(?)", Boolean.class, ADVISORY_LOCK_KEY);
        if (!Boolean.TRUE.equals(locked)) {
            return null;
        }
        try {
            long[] run = plannedOrNewRun();
            return run == null ? null : execute(run[0], run[1], run[2]);
        } finally {
            jdbc.queryForObject("SELECT pg_advisory_unlock(?)", Boolean.class, ADVISORY_LOCK_KEY);
        }
    }

    private long[] plannedOrNewRun() {
        return tx.execute(status -> {
            var planned = jdbc.query(
                    "SELECT run_number, from_index_excl, to_index_incl FROM settlement_run WHERE status = 'PLANNED' ORDER BY run_number LIMIT 1",
                    (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
            if (!planned.isEmpty()) {
                return planned.get(0);
            }
            long previouslyObserved = jdbc.queryForObject(
                    "SELECT observed_max_index FROM settlement_watermark WHERE id = 1 FOR UPDATE", Long.class);
            long currentMax =
                    jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
            jdbc.update("UPDATE settlement_watermark SET observed_max_index = ? WHERE id = 1", currentMax);
            var last = jdbc.query(
                    "SELECT run_number, to_index_incl FROM settlement_run ORDER BY run_number DESC LIMIT 1",
                    (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)});
            long lastRun = last.isEmpty() ? 0 : last.get(0)[0];
            long from = last.isEmpty() ? 0 : last.get(0)[1];
            long to = Math.min(previouslyObserved, from + config.maxEventsPerRun());
            if (to <= from) {
                return null;
            }
            jdbc.update(
                    "INSERT INTO settlement_run (run_number, from_index_excl, to_index_incl, status) VALUES (?, ?, ?, 'PLANNED')",
                    lastRun + 1,
                    from,
                    to);
            return new long[] {lastRun + 1, from, to};
        });
    }

    private RunSummary execute(long runNumber, long fromExcl, long toIncl) {
        Map<UserId, Income> byCreator = new TreeMap<>(java.util.Comparator.comparing(UserId::value));
        long[] events = {0};
        jdbc.query(
                con -> {
                    var ps = con.prepareStatement(
                            "SELECT payloadtype, payloadrevision, payload FROM domainevententry"
                                    + " WHERE globalindex > ? AND globalindex <= ? AND payloadtype = ANY (?) ORDER BY globalindex");
                    ps.setLong(1, fromExcl);
                    ps.setLong(2, toIncl);
                    ps.setArray(3, con.createArrayOf("varchar", INCOME_TYPES));
                    ps.setFetchSize(1_000);
                    return ps;
                },
                rs -> {
                    Object event = serializer.deserialize(new SimpleSerializedObject<>(
                            rs.getBytes(3), byte[].class, new SimpleSerializedType(rs.getString(1), rs.getString(2))));
                    events[0]++;
                    switch (event) {
                        case IntervalDebited d ->
                            byCreator.merge(d.creatorId(), new Income(d.amount().minor(), 0, 0, 1), Income::plus);
                        case TipSent t ->
                            byCreator.merge(
                                    t.creatorId(),
                                    new Income(0, t.creatorShare().minor(), 0, 0),
                                    Income::plus);
                        case ProductPurchased p ->
                            byCreator.merge(
                                    p.creatorId(),
                                    new Income(0, 0, p.creatorShare().minor(), 0),
                                    Income::plus);
                        default -> throw new IllegalStateException("unexpected event " + event.getClass());
                    }
                });
        byCreator.forEach((creator, income) -> commands.sendAndWait(
                new SettleEarnings(
                        creator,
                        runNumber,
                        Credits.of(income.meteringGross()),
                        Credits.of(income.tipsNet()),
                        Credits.of(income.purchasesNet()),
                        income.debits(),
                        meteringFee),
                30,
                TimeUnit.SECONDS));
        jdbc.update(
                "UPDATE settlement_run SET status = 'DONE', creators = ?, events = ?, done_at = now() WHERE run_number = ?",
                byCreator.size(),
                events[0],
                runNumber);
        if (!byCreator.isEmpty()) {
            log.info(
                    "settlement run {} settled {} income events for {} creators",
                    runNumber,
                    events[0],
                    byCreator.size());
        }
        return new RunSummary(runNumber, byCreator.size(), events[0]);
    }
}
