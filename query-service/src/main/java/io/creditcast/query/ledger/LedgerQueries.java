package io.creditcast.query.ledger;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Cursor;
import io.creditcast.query.web.Params.TimeRange;
import io.creditcast.query.web.ProblemTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads of the ledger projection over R2DBC. Every query has a timeout and a row limit or streams. */
@Service
public class LedgerQueries {
    private final DatabaseClient db;
    private final Duration timeout;
    private final int fetchSize;

    public LedgerQueries(DatabaseClient db, QueryProperties properties) {
        this.db = db;
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
        this.fetchSize = properties.limits().exportFetchSize();
    }

    public record WalletRow(String walletId, long balanceMinor, boolean flagged, Long ratePerIntervalMinor) {}

    public Mono<WalletRow> wallet(String walletId) {
        return db.sql("SELECT wallet_id, balance_minor, flagged, rate_per_interval_minor FROM read.wallet"
                        + " WHERE wallet_id = :id")
                .bind("id", walletId)
                .map(r -> new WalletRow(
                        r.get("wallet_id", String.class),
                        r.get("balance_minor", Long.class),
                        r.get("flagged", Boolean.class),
                        r.get("rate_per_interval_minor", Long.class)))
                .one()
                .timeout(timeout);
    }

    /** Journal filters; all optional. */
    public record JournalFilter(AccountId account, String type, String reference, TimeRange range) {
        public JournalFilter {
            if (type != null && !EntryKind.TYPES.contains(type)) {
                throw ApiException.field("type", "must be one of " + EntryKind.TYPES);
            }
            if (reference != null && reference.length() > 300) {
                throw ApiException.field("reference", "must be at most 300 characters");
            }
        }
    }

    public record Page(List<JournalRow> entries, String nextCursor) {}

    /** A page of the journal, newest first, strictly after the cursor; one extra row tells if more exist. */
    public Mono<Page> page(JournalFilter filter, Cursor cursor, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + JournalRow.COLUMNS + " FROM read.journal WHERE true");
        List<Object[]> binds = new ArrayList<>();
        where(filter, sql, binds);
        if (cursor != null) {
            sql.append(" AND (global_index, leg) < (:cg, :cl)");
            binds.add(new Object[] {"cg", cursor.globalIndex()});
            binds.add(new Object[] {"cl", (short) cursor.leg()});
        }
        sql.append(" ORDER BY global_index DESC, leg DESC LIMIT ").append(limit + 1);
        return bind(db.sql(sql.toString()), binds)
                .map(JournalRow::from)
                .all()
                .collectList()
                .timeout(timeout)
                .map(rows -> {
                    if (rows.size() <= limit) {
                        return new Page(rows, null);
                    }
                    List<JournalRow> page = rows.subList(0, limit);
                    JournalRow last = page.get(limit - 1);
                    return new Page(List.copyOf(page), new Cursor(last.globalIndex(), last.leg()).encode());
                });
    }

    /** The whole filtered journal in global order, streamed from a server-side cursor (never all in memory). */
    public Flux<JournalRow> stream(JournalFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + JournalRow.COLUMNS + " FROM read.journal WHERE true");
        List<Object[]> binds = new ArrayList<>();
        where(filter, sql, binds);
        sql.append(" ORDER BY global_index, leg");
        return bind(db.sql(sql.toString()), binds)
                .filter(s -> s.fetchSize(fetchSize))
                .map(JournalRow::from)
                .all();
    }

    private static void where(JournalFilter f, StringBuilder sql, List<Object[]> binds) {
        if (f.account() != null) {
            sql.append(" AND account_id = :account");
            binds.add(new Object[] {"account", f.account().value()});
        }
        if (f.type() != null) {
            sql.append(" AND entry_type = :type");
            binds.add(new Object[] {"type", f.type()});
        }
        if (f.reference() != null) {
            sql.append(" AND reference = :reference");
            binds.add(new Object[] {"reference", f.reference()});
        }
        if (f.range() != null && f.range().from() != null) {
            sql.append(" AND occurred_at >= :from");
            binds.add(new Object[] {"from", utc(f.range().from())});
        }
        if (f.range() != null && f.range().to() != null) {
            sql.append(" AND occurred_at < :to");
            binds.add(new Object[] {"to", utc(f.range().to())});
        }
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, List<Object[]> binds) {
        for (Object[] b : binds) {
            spec = spec.bind((String) b[0], b[1]);
        }
        return spec;
    }

    /** Fails with 404 unknown-account unless the account has at least one posting. */
    public Mono<Long> requireAccount(AccountId account) {
        return db.sql("SELECT balance_minor FROM read.account_balance WHERE account_id = :id")
                .bind("id", account.value())
                .map(r -> r.get("balance_minor", Long.class))
                .one()
                .timeout(timeout)
                .switchIfEmpty(Mono.error(
                        new ApiException(ProblemTypes.UNKNOWN_ACCOUNT, "no postings on account " + account)));
    }

    /** The balance after every posting that occurred strictly before {@code at}. */
    public Mono<Long> balanceBefore(AccountId account, Instant at) {
        return db.sql("SELECT COALESCE(SUM(amount_minor), 0) AS b FROM read.journal"
                        + " WHERE account_id = :id AND occurred_at < :at")
                .bind("id", account.value())
                .bind("at", utc(at))
                .map(r -> ((Number) r.get("b")).longValue())
                .one()
                .timeout(timeout);
    }

    public record Movement(long debitsMinor, long creditsMinor, long entryCount) {}

    public Mono<Movement> movement(AccountId account, TimeRange range) {
        return db.sql("SELECT COALESCE(SUM(amount_minor) FILTER (WHERE amount_minor < 0), 0) AS d,"
                        + " COALESCE(SUM(amount_minor) FILTER (WHERE amount_minor > 0), 0) AS c, COUNT(*) AS n"
                        + " FROM read.journal WHERE account_id = :id AND occurred_at >= :from AND occurred_at < :to")
                .bind("id", account.value())
                .bind("from", utc(range.fromOrEpoch()))
                .bind("to", utc(range.toOrFarFuture()))
                .map(r -> new Movement(
                        -((Number) r.get("d")).longValue(),
                        ((Number) r.get("c")).longValue(),
                        ((Number) r.get("n")).longValue()))
                .one()
                .timeout(timeout);
    }

    public record KindTotal(String kind, long balanceMinor, long accountCount) {}

    /**
     * Trial balance from the journal as of an instant (or now): totals per account kind and their sum,
     * which double entry keeps at zero.
     */
    public Flux<KindTotal> trialBalance(Instant asOf) {
        String sql = asOf == null
                ? "SELECT split_part(account_id, ':', 1) AS kind, SUM(balance_minor) AS b, COUNT(*) AS n"
                        + " FROM read.account_balance GROUP BY 1 ORDER BY 1"
                : "SELECT kind, SUM(b) AS b, COUNT(*) AS n FROM (SELECT split_part(account_id, ':', 1) AS kind,"
                        + " SUM(amount_minor) AS b FROM read.journal WHERE occurred_at < :at GROUP BY account_id) x"
                        + " GROUP BY kind ORDER BY kind";
        var spec = db.sql(sql);
        if (asOf != null) {
            spec = spec.bind("at", utc(asOf));
        }
        return spec.map(r -> new KindTotal(
                        r.get("kind", String.class),
                        ((Number) r.get("b")).longValue(),
                        ((Number) r.get("n")).longValue()))
                .all()
                .timeout(timeout);
    }

    /** Every account balance of the read model, in account order (streamed). */
    public Flux<Map.Entry<String, Long>> balances() {
        return db.sql("SELECT account_id, balance_minor FROM read.account_balance ORDER BY account_id")
                .filter(s -> s.fetchSize(fetchSize))
                .map(r -> Map.entry(r.get("account_id", String.class), r.get("balance_minor", Long.class)))
                .all();
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
