package io.creditcast.query.earnings;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.ledger.Csv;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Params.DayRange;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.LocalDate;
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
 * payment source and period (admins and auditors), as JSON or CSV.
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
    public Mono<ResponseEntity<?>> earnings(
            Authentication auth,
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "json") String format) {
        DayRange range = DayRange.of(from, to, properties.limits().maxRangeDays());
        String creator = auth.getName();
        Flux<EarningsDay> days = db.sql("SELECT day, source, gross_minor, fee_minor, net_minor, entry_count"
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
        return switch (format) {
            case "json" ->
                days.collectList()
                        .map(list -> ResponseEntity.ok(new Earnings(
                                creator,
                                range.from(),
                                range.to(),
                                list,
                                list.stream().mapToLong(EarningsDay::grossMinor).sum(),
                                list.stream().mapToLong(EarningsDay::netMinor).sum())));
            case "csv" ->
                Mono.just(csv(
                        "earnings.csv",
                        "day,source,gross_minor,fee_minor,net_minor,entry_count\n",
                        days.map(d -> d.day() + "," + d.source() + "," + d.grossMinor() + "," + d.feeMinor() + ","
                                + d.netMinor() + "," + d.entryCount() + "\n")));
            default -> throw ApiException.field("format", "must be json or csv");
        };
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
    public Mono<ResponseEntity<?>> revenue(
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "day") String period,
            @RequestParam(defaultValue = "json") String format) {
        DayRange range = DayRange.of(from, to, properties.limits().maxRangeDays());
        String bucket =
                switch (period) {
                    case "day" -> "to_char(day, 'YYYY-MM-DD')";
                    case "month" -> "to_char(day, 'YYYY-MM')";
                    default -> throw ApiException.field("period", "must be day or month");
                };
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiException.field("format", "must be json or csv");
        }
        Flux<RevenueRow> rows = db.sql("SELECT " + bucket + " AS period, provider, SUM(deposits_minor) AS d,"
                        + " SUM(deposit_count) AS n, SUM(refunds_minor) AS r, SUM(chargebacks_minor) AS c,"
                        + " SUM(chargeback_reversals_minor) AS cr FROM read.revenue_day"
                        + " WHERE day BETWEEN :f AND :t GROUP BY 1, 2 ORDER BY 1, 2")
                .bind("f", range.from())
                .bind("t", range.to())
                .map(r -> new Object[] {
                    r.get("period", String.class),
                    r.get("provider", String.class),
                    ((Number) r.get("d")).longValue(),
                    ((Number) r.get("n")).longValue(),
                    ((Number) r.get("r")).longValue(),
                    ((Number) r.get("c")).longValue(),
                    ((Number) r.get("cr")).longValue()
                })
                .all()
                .timeout(timeout)
                // providers map to sources at read time, so changing the mapping needs no replay
                .groupBy(o -> o[0] + "|" + properties.sourceOf((String) o[1]))
                .concatMap(g -> g.reduce(new long[5], (acc, o) -> {
                            for (int i = 0; i < 5; i++) {
                                acc[i] += (long) o[i + 2];
                            }
                            return acc;
                        })
                        .map(acc -> {
                            String[] key = g.key().split("\\|", 2);
                            return new RevenueRow(
                                    key[0],
                                    key[1],
                                    acc[0],
                                    acc[1],
                                    acc[2],
                                    acc[3],
                                    acc[4],
                                    acc[0] - acc[2] - acc[3] + acc[4]);
                        }))
                .sort(java.util.Comparator.comparing(RevenueRow::period).thenComparing(RevenueRow::source));
        if (format.equals("csv")) {
            return Mono.just(csv(
                    "revenue.csv",
                    "period,source,deposits_minor,deposit_count,refunds_minor,chargebacks_minor,"
                            + "chargeback_reversals_minor,net_minor\n",
                    rows.map(r -> r.period() + "," + Csv.cell(r.source()) + "," + r.depositsMinor() + ","
                            + r.depositCount() + "," + r.refundsMinor() + "," + r.chargebacksMinor() + ","
                            + r.chargebackReversalsMinor() + "," + r.netMinor() + "\n")));
        }
        return rows.collectList().map(ResponseEntity::ok);
    }

    static ResponseEntity<?> csv(String filename, String header, Flux<String> rows) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(Flux.concat(Flux.just(header), rows));
    }
}
