package io.creditcast.command.settlement;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.earnings.EarningsCommands.SettleEarnings;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * seen at the previous tick, so most transactions in flight then have committed — sums the income
 * per creator in that range, and sends one {@link SettleEarnings} per creator. Runs are numbered and
 * their ranges stored before any command is sent; a crash mid-run resumes the same run, and the
 * earnings aggregate ignores a run number it has applied.
 *
 * <p>Indexes are handed out before commit, so a range can still have holes: a transaction that is
 * slower than a tick, one that rolled back, or PostgreSQL's sequence prefetch after a crash. Planning
 * records every hole of its range ({@code settlement_gap}); the run skips them, and the first run planned
 * after an event appears in a recorded hole settles it. Every income event is settled exactly once,
 * however late it commits, and a rolled-back hole costs one row.
 *
 * <p>A PostgreSQL session advisory lock, held on one dedicated connection for the whole tick, keeps a
 * second instance from running the job at the same time (a session lock taken and released through a
 * pool could be released on another connection, leaking the lock and stopping settlement for good).
 */
@Component
public class SettlementJob {
    private static final Logger log = LoggerFactory.getLogger(SettlementJob.class);
    private static final long ADVISORY_LOCK_KEY = 0x5e771e;
    private static final String[] INCOME_TYPES = {
        IntervalDebited.class.getName(), TipSent.class.getName(), ProductPurchased.class.getName()
    };

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CommandGateway commands;
    private final Serializer serializer;
    private final CreditcastProperties.Settlement config;
    private final FeePolicy meteringFee;

    public SettlementJob(
            DataSource dataSource,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            CommandGateway commands,
            Serializer serializer,
            CreditcastProperties properties) {
        this.dataSource = dataSource;
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

    /** A planned run: the index range it covers and how many late events from earlier holes it takes. */
    record Run(long number, long fromExcl, long toIncl) {}

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
        try (Connection lockConnection = dataSource.getConnection()) {
            if (!advisoryLock(lockConnection, "pg_try_advisory_lock")) {
                return null;
            }
            try {
                Run run = plannedOrNewRun();
                return run == null ? null : execute(run);
            } finally {
                advisoryLock(lockConnection, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("settlement lock connection failed", e);
        }
    }

    private static boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT " + function + "(?)")) {
            ps.setLong(1, ADVISORY_LOCK_KEY);
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private Run plannedOrNewRun() {
        return tx.execute(status -> {
            var planned = jdbc.query(
                    "SELECT run_number, from_index_excl, to_index_incl FROM settlement_run WHERE status = 'PLANNED' ORDER BY run_number LIMIT 1",
                    (rs, i) -> new Run(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
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
            long runNumber = (last.isEmpty() ? 0 : last.get(0)[0]) + 1;
            long from = last.isEmpty() ? 0 : last.get(0)[1];
            long to = Math.max(from, Math.min(previouslyObserved, from + config.maxEventsPerRun()));
            // a hole still empty after a week was a rollback (no transaction lives that long)
            jdbc.update(
                    "DELETE FROM settlement_gap WHERE filled_by_run IS NULL AND recorded_at < now() - interval '7 days'");
            boolean lateEvents = Boolean.TRUE.equals(jdbc.queryForObject(
                    "SELECT EXISTS (SELECT 1 FROM settlement_gap g JOIN domainevententry e ON e.globalindex = g.gap_index"
                            + " WHERE g.filled_by_run IS NULL)",
                    Boolean.class));
            if (to == from && !lateEvents) {
                return null;
            }
            jdbc.update(
                    "INSERT INTO settlement_run (run_number, from_index_excl, to_index_incl, status) VALUES (?, ?, ?, 'PLANNED')",
                    runNumber,
                    from,
                    to);
            List<Long> holes = holes(from, to);
            jdbc.batchUpdate(
                    "INSERT INTO settlement_gap (gap_index, recorded_by_run) VALUES (?, ?)",
                    holes,
                    1_000,
                    (ps, hole) -> {
                        ps.setLong(1, hole);
                        ps.setLong(2, runNumber);
                    });
            int late = jdbc.update(
                    "UPDATE settlement_gap g SET filled_by_run = ? WHERE g.filled_by_run IS NULL AND g.recorded_by_run < ?"
                            + " AND EXISTS (SELECT 1 FROM domainevententry e WHERE e.globalindex = g.gap_index)",
                    runNumber,
                    runNumber);
            if (!holes.isEmpty() || late > 0) {
                log.info(
                        "settlement run {} skips {} missing indexes in ({}, {}] and takes {} late events",
                        runNumber,
                        holes.size(),
                        from,
                        to,
                        late);
            }
            return new Run(runNumber, from, to);
        });
    }

    /** Indexes in {@code (fromExcl, toIncl]} with no committed event (yet). */
    private List<Long> holes(long fromExcl, long toIncl) {
        List<Long> holes = new ArrayList<>();
        if (toIncl == fromExcl) {
            return holes;
        }
        // each present index with the one before it (the range start for the first); a jump is a hole
        jdbc.query(
                "SELECT prev, globalindex FROM (SELECT globalindex, lag(globalindex, 1, ?::bigint) OVER (ORDER BY globalindex) AS prev"
                        + " FROM domainevententry WHERE globalindex > ? AND globalindex <= ?) t WHERE globalindex - prev > 1",
                rs -> {
                    for (long i = rs.getLong(1) + 1; i < rs.getLong(2); i++) {
                        holes.add(i);
                    }
                },
                fromExcl,
                fromExcl,
                toIncl);
        long lastPresent = jdbc.queryForObject(
                "SELECT coalesce(max(globalindex), ?) FROM domainevententry WHERE globalindex > ? AND globalindex <= ?",
                Long.class,
                fromExcl,
                fromExcl,
                toIncl);
        for (long i = lastPresent + 1; i <= toIncl; i++) {
            holes.add(i);
        }
        return holes;
    }

    private RunSummary execute(Run run) {
        long runNumber = run.number();
        Map<UserId, Income> byCreator = new TreeMap<>(java.util.Comparator.comparing(UserId::value));
        long[] events = {0};
        jdbc.query(
                con -> {
                    var ps = con.prepareStatement(
                            "SELECT e.payloadtype, e.payloadrevision, e.payload FROM domainevententry e"
                                    + " WHERE e.payloadtype = ANY (?) AND ("
                                    + " (e.globalindex > ? AND e.globalindex <= ?"
                                    + "  AND NOT EXISTS (SELECT 1 FROM settlement_gap g WHERE g.gap_index = e.globalindex))"
                                    + " OR e.globalindex IN (SELECT gap_index FROM settlement_gap WHERE filled_by_run = ?))"
                                    + " ORDER BY e.globalindex");
                    ps.setArray(1, con.createArrayOf("varchar", INCOME_TYPES));
                    ps.setLong(2, run.fromExcl());
                    ps.setLong(3, run.toIncl());
                    ps.setLong(4, runNumber);
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
