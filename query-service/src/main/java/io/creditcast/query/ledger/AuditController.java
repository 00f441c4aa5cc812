package io.creditcast.query.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditcast.ledger.account.AccountId;
import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.ledger.LedgerQueries.JournalFilter;
import io.creditcast.query.ledger.LedgerQueries.KindTotal;
import io.creditcast.query.ledger.LedgerQueries.Page;
import io.creditcast.query.ledger.Reconciliation.Report;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Cursor;
import io.creditcast.query.web.Params;
import io.creditcast.query.web.Params.TimeRange;
import io.swagger.v3.oas.annotations.Operation;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Auditor and finance views (role auditor or admin, read-only): the journal with filters, statements,
 * balance of any account as of any instant, the trial balance, reconciliation against the event store and
 * streamed CSV/JSON exports.
 */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {
    private static final ObjectMapper EXPORT_JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final LedgerQueries queries;
    private final Reconciliation reconciliation;
    private final QueryProperties properties;

    public AuditController(LedgerQueries queries, Reconciliation reconciliation, QueryProperties properties) {
        this.queries = queries;
        this.reconciliation = reconciliation;
        this.properties = properties;
    }

    @Operation(summary = "The journal, newest first, filtered by account, type, reference and time range [from, to)")
    @GetMapping("/journal")
    public Mono<Page> journal(
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String reference,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        JournalFilter filter = filter(account, type, reference, from, to);
        var l = properties.limits();
        int size = Params.pageSize(limit, l.defaultPageSize(), l.maxPageSize(), "limit");
        return queries.page(filter, Cursor.decode(cursor), size);
    }

    @Operation(summary = "The filtered journal as a streamed CSV or JSON download, oldest first")
    @GetMapping("/journal/export")
    public ResponseEntity<Flux<String>> export(
            @RequestParam(required = false) String account,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String reference,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "csv") String format) {
        JournalFilter filter = filter(account, type, reference, from, to);
        Flux<JournalRow> rows = queries.stream(filter);
        return switch (format) {
            case "csv" ->
                download(
                        "journal.csv",
                        new MediaType("text", "csv"),
                        Flux.concat(Flux.just(JournalRow.CSV_HEADER), rows.map(JournalRow::csv)));
            case "json" -> download("journal.json", MediaType.APPLICATION_JSON, jsonArray(rows));
            default -> throw ApiException.field("format", "must be csv or json");
        };
    }

    public record AccountBalance(String accountId, Instant asOf, long balanceMinor) {}

    @Operation(summary = "Balance of any account as of an instant (all postings before it); now when omitted")
    @GetMapping("/accounts/{account}/balance")
    public Mono<AccountBalance> balance(@PathVariable String account, @RequestParam(required = false) String at) {
        AccountId id = Params.account(account, "account");
        Instant asOf = Params.instant(at, "at");
        Mono<Long> known = queries.requireAccount(id);
        if (asOf == null) {
            return known.map(b -> new AccountBalance(id.value(), null, b));
        }
        return known.then(queries.balanceBefore(id, asOf)).map(b -> new AccountBalance(id.value(), asOf, b));
    }

    public record Statement(
            String accountId,
            Instant from,
            Instant to,
            long openingBalanceMinor,
            long debitsMinor,
            long creditsMinor,
            long closingBalanceMinor,
            long entryCount) {}

    @Operation(summary = "Statement of an account for the period [from, to): opening, movements, closing")
    @GetMapping("/accounts/{account}/statement")
    public Mono<Statement> statement(@PathVariable String account, @RequestParam String from, @RequestParam String to) {
        AccountId id = Params.account(account, "account");
        TimeRange range = TimeRange.of(from, to);
        if (range.from() == null) {
            throw ApiException.field("from", "is required");
        }
        if (range.to() == null) {
            throw ApiException.field("to", "is required");
        }
        return queries.requireAccount(id)
                .then(Mono.zip(queries.balanceBefore(id, range.from()), queries.movement(id, range)))
                .map(t -> {
                    long opening = t.getT1();
                    var m = t.getT2();
                    return new Statement(
                            id.value(),
                            range.from(),
                            range.to(),
                            opening,
                            m.debitsMinor(),
                            m.creditsMinor(),
                            opening - m.debitsMinor() + m.creditsMinor(),
                            m.entryCount());
                });
    }

    public record TrialBalance(Instant asOf, List<KindTotal> kinds, long totalMinor, boolean balanced) {}

    @Operation(summary = "Trial balance per account kind; the total of all accounts is zero")
    @GetMapping("/trial-balance")
    public Mono<TrialBalance> trialBalance(@RequestParam(required = false) String at) {
        Instant asOf = Params.instant(at, "at");
        return queries.trialBalance(asOf).collectList().map(kinds -> {
            long total = kinds.stream().mapToLong(KindTotal::balanceMinor).sum();
            return new TrialBalance(asOf, kinds, total, total == 0);
        });
    }

    @Operation(summary = "Every read-model balance compared with a fold of the event store; differences listed")
    @GetMapping("/reconciliation")
    public Mono<Report> reconciliation() {
        int max = properties.limits().maxReconciliationDifferences();
        return Mono.fromCallable(() -> reconciliation.run(max)).subscribeOn(Schedulers.boundedElastic());
    }

    private JournalFilter filter(String account, String type, String reference, String from, String to) {
        AccountId id = account == null ? null : Params.account(account, "account");
        return new JournalFilter(id, type, reference, TimeRange.of(from, to));
    }

    static <T> Flux<String> jsonArray(Flux<T> rows) {
        return Flux.concat(
                Flux.just("["),
                rows.index().map(t -> (t.getT1() == 0 ? "" : ",") + json(t.getT2()) + "\n"),
                Flux.just("]"));
    }

    static String json(Object value) {
        try {
            return EXPORT_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseEntity<Flux<String>> download(String filename, MediaType type, Flux<String> body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(body);
    }
}
