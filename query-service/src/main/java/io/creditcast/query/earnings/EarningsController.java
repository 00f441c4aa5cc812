package io.creditcast.query.earnings;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.ledger.Csv;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Params.DayRange;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creator earnings by day and source (creators, their own) and money in through payment providers by
 * payment source and period (admins and auditors), as JSON or, with {@code format=csv}, CSV.
 */
@RestController
public class EarningsController {
    private final DatabaseClient db;
    private final QueryProperties properties;
    private final Duration timeout;

    public EarningsController(DatabaseClient db, QueryProperties properties) {
        this.db = db;
        this.properties = properties;
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
    }

    public record EarningsDay(
            LocalDate day, String source, long grossMinor, long feeMinor, long netMinor, long entryCount) {}

    public record Earnings(
            String creatorId, LocalDate from, LocalDate to, List<EarningsDay> days, long grossMinor, long netMinor) {}

    @Operation(summary = "The caller's earnings per day and source (metering, tips, purchases) for [from, to]")
    @GetMapping("/api/v1/creators/me/earnings")
    public Mono<Earnings> earnings(
            Authentication auth,
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("json")) {
            throw ApiException.field("format", "must be json or csv");
        }
        DayRange range = DayRange.of(from, to, properties.limits().maxRangeDays());
        String creator = auth.getName();
        return days(creator, range)
                .collectList()
                .map(list -> new Earnings(
                        creator,
                        range.from(),
                        range.to(),
                        list,
                        list.stream().mapToLong(EarningsDay::grossMinor).sum(),
                        list.stream().mapToLong(EarningsDay::netMinor).sum()));
    }

    @Operation(summary = "The caller's earnings per day and source as CSV")
    @GetMapping(path = "/api/v1/creators/me/earnings", params = "format=csv")
    public ResponseEntity<Flux<String>> earningsCsv(
            Authentication auth, @RequestParam String from, @RequestParam String to) {
        DayRange range = DayRange.of(from, to, properties.limits().maxRangeDays());
        return csv(
                "earnings.csv",
                "day,source,gross_minor,fee_minor,net_minor,entry_count\n",
                days(auth.getName(), range)
                        .map(d -> d.day() + "," + d.source() + "," + d.grossMinor() + "," + d.feeMinor() + ","
                                + d.netMinor() + "," + d.entryCount() + "\n"));
    }

    private Flux<EarningsDay> days(String creator, DayRange range) {
        return db.sql("SELECT day, source, gross_minor, fee_minor, net_minor, entry_count"
                        + " FROM read.creator_earnings_day WHERE creator_id = :c AND day BETWEEN :f AND :t"
                        + " ORDER BY day, source")
                .bind("c", creator)
                .bind("f", range.from())
                .bind("t", range.to())
                .map(r -> new EarningsDay(
                        r.get("day", LocalDate.class),
                        r.get("source", String.class),
                        r.get("gross_minor", Long.class),
                        r.get("fee_minor", Long.class),
                        r.get("net_minor", Long.class),
                        r.get("entry_count", Long.class)))
                .all()
                .timeout(timeout);
    }

    public record RevenueRow(
            String period,
            String source,
            long depositsMinor,
            long depositCount,
            long refundsMinor,
            long chargebacksMinor,
            long chargebackReversalsMinor,
            long netMinor) {}

    @Operation(summary = "Money in by payment source (card, bank, crypto) per day or month for [from, to]")
    @GetMapping("/api/v1/admin/revenue")
    public Mono<List<RevenueRow>> revenue(
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "day") String period,
            @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("json")) {
            throw ApiException.field("format", "must be json or csv");
        }
        return revenueRows(from, to, period).collectList();
    }

    @Operation(summary = "Money in by payment source and period as CSV")
    @GetMapping(path = "/api/v1/admin/revenue", params = "format=csv")
    public ResponseEntity<Flux<String>> revenueCsv(
            @RequestParam String from, @RequestParam String to, @RequestParam(defaultValue = "day") String period) {
        return csv(
                "revenue.csv",
                "period,source,deposits_minor,deposit_count,refunds_minor,chargebacks_minor,"
                        + "chargeback_reversals_minor,net_minor\n",
                revenueRows(from, to, period)
                        .map(r -> r.period() + "," + Csv.cell(r.source()) + "," + r.depositsMinor() + ","
                                + r.depositCount() + "," + r.refundsMinor() + "," + r.chargebacksMinor() + ","
                                + r.chargebackReversalsMinor() + "," + r.netMinor() + "\n"));
    }

    /** Rows per (period, provider) from the database; providers map to sources here, so a mapping change needs no replay. */
    private Flux<RevenueRow> revenueRows(String from, String to, String period) {
        DayRange range = DayRange.of(from, to, properties.limits().maxRangeDays());
        String bucket =
                switch (period) {
                    case "day" -> "to_char(day, 'YYYY-MM-DD')";
                    case "month" -> "to_char(day, 'YYYY-MM')";
                    default -> throw ApiException.field("period", "must be day or month");
                };
        return db.sql("SELECT " + bucket + " AS period, provider, SUM(deposits_minor) AS d,"
                        + " SUM(deposit_count) AS n, SUM(refunds_minor) AS r, SUM(chargebacks_minor) AS c,"
                        + " SUM(chargeback_reversals_minor) AS cr FROM read.revenue_day"
                        + " WHERE day BETWEEN :f AND :t GROUP BY 1, 2 ORDER BY 1, 2")
                .bind("f", range.from())
                .bind("t", range.to())
                .map(r -> new RevenueRow(
                        r.get("period", String.class),
                        properties.sourceOf(r.get("provider", String.class)),
                        ((Number) r.get("d")).longValue(),
                        ((Number) r.get("n")).longValue(),
                        ((Number) r.get("r")).longValue(),
                        ((Number) r.get("c")).longValue(),
                        ((Number) r.get("cr")).longValue(),
                        0))
                .all()
                .timeout(timeout)
                // at most (days in range × providers) rows
                .collectMultimap(row -> row.period() + "|" + row.source())
                .flatMapMany(groups -> Flux.fromIterable(groups.values()))
                .map(rows -> {
                    long d = 0, n = 0, rf = 0, c = 0, cr = 0;
                    RevenueRow first = rows.iterator().next();
                    for (RevenueRow row : rows) {
                        d += row.depositsMinor();
                        n += row.depositCount();
                        rf += row.refundsMinor();
                        c += row.chargebacksMinor();
                        cr += row.chargebackReversalsMinor();
                    }
                    return new RevenueRow(first.period(), first.source(), d, n, rf, c, cr, d - rf - c + cr);
                })
                .sort(Comparator.comparing(RevenueRow::period).thenComparing(RevenueRow::source));
    }

    static ResponseEntity<Flux<String>> csv(String filename, String header, Flux<String> rows) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(Flux.concat(Flux.just(header), rows));
    }
}
