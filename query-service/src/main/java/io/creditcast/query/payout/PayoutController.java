package io.creditcast.query.payout;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Cursor;
import io.creditcast.query.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The payout queue for admins and auditors: payout requests oldest first (a queue), filtered by status
 * and creator, in cursor pages. The decisions themselves (approve, complete, fail) are commands on the
 * command service.
 */
@RestController
public class PayoutController {
    /** The command side's payout statuses. */
    public static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "COMPLETED", "FAILED");
    /** The longest creator id accepted as a filter (the column's width). */
    public static final int MAX_CREATOR_ID_CHARS = 128;

    private final DatabaseClient db;
    private final QueryProperties properties;
    private final Duration timeout;

    public PayoutController(DatabaseClient db, QueryProperties properties) {
        this.db = db;
        this.properties = properties;
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
    }

    public record PayoutRow(
            String payoutId,
            String creatorId,
            long amountMinor,
            String status,
            int approvals,
            String lastApprover,
            String providerReference,
            String failureReason,
            Instant requestedAt,
            Instant updatedAt) {}

    public record PayoutPage(List<PayoutRow> payouts, String nextCursor) {}

    @Operation(
            summary = "Payout requests, oldest first, by status (PENDING, APPROVED, COMPLETED, FAILED) and creator,"
                    + " in cursor pages")
    @GetMapping("/api/v1/admin/payouts")
    public Mono<PayoutPage> payouts(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String creator,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.field(
                    "status",
                    "must be one of "
                            + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        if (creator != null && (creator.isBlank() || creator.length() > MAX_CREATOR_ID_CHARS)) {
            throw ApiException.field("creator", "must be 1 to " + MAX_CREATOR_ID_CHARS + " characters");
        }
        var l = properties.limits();
        int size = Params.pageSize(limit, l.defaultPageSize(), l.maxPageSize(), "limit");
        Cursor after = Cursor.decode(cursor);
        StringBuilder sql = new StringBuilder("SELECT payout_id, creator_id, amount_minor, status, approvals,"
                + " last_approver, provider_reference, failure_reason, requested_at, updated_at, request_index"
                + " FROM read.payout WHERE true");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (creator != null) {
            sql.append(" AND creator_id = :creator");
        }
        if (after != null) {
            sql.append(" AND request_index > :after");
        }
        sql.append(" ORDER BY request_index LIMIT ").append(size + 1);
        GenericExecuteSpec spec = db.sql(sql.toString());
        if (status != null) {
            spec = spec.bind("status", status);
        }
        if (creator != null) {
            spec = spec.bind("creator", creator);
        }
        if (after != null) {
            spec = spec.bind("after", after.globalIndex());
        }
        return spec.map(r -> new Indexed(
                        new PayoutRow(
                                r.get("payout_id", String.class),
                                r.get("creator_id", String.class),
                                r.get("amount_minor", Long.class),
                                r.get("status", String.class),
                                r.get("approvals", Integer.class),
                                r.get("last_approver", String.class),
                                r.get("provider_reference", String.class),
                                r.get("failure_reason", String.class),
                                r.get("requested_at", OffsetDateTime.class).toInstant(),
                                r.get("updated_at", OffsetDateTime.class).toInstant()),
                        r.get("request_index", Long.class)))
                .all()
                .collectList()
                .timeout(timeout)
                .map(rows -> {
                    List<PayoutRow> page =
                            rows.stream().limit(size).map(Indexed::row).toList();
                    String next =
                            rows.size() > size ? new Cursor(rows.get(size - 1).index(), 0).encode() : null;
                    return new PayoutPage(page, next);
                });
    }

    private record Indexed(PayoutRow row, long index) {}
}
