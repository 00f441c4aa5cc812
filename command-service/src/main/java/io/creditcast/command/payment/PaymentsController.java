package io.creditcast.command.payment;

import io.creditcast.command.payment.PaymentStore.Adjustment;
import io.creditcast.command.payment.PaymentStore.Filter;
import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Payments as recorded here (status, provider, refunds, disputes): all of them for admins, a
 * viewer's own for the viewer. Newest first, cursor-paginated, page size capped.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "payments")
public class PaymentsController {
    static final int DEFAULT_PAGE_SIZE = 50;

    private final PaymentStore payments;
    private final CommandSender commands;
    private final int maxPageSize;

    public PaymentsController(PaymentStore payments, CommandSender commands, PaymentProperties properties) {
        this.payments = payments;
        this.commands = commands;
        this.maxPageSize = properties.maxPageSize();
    }

    public record PaymentView(
            String paymentId,
            String userId,
            String status,
            String provider,
            String providerRef,
            String productCode,
            long credits,
            long amountMinor,
            String currency,
            long refundedAmountMinor,
            long refundedCredits,
            String failureReason,
            Instant createdAt,
            Instant succeededAt,
            List<Adjustment> refunds,
            List<Adjustment> disputes) {}

    public record Page(List<PaymentView> items, String nextCursor) {}

    @GetMapping("/admin/payments")
    @Operation(
            summary = "All payments with status, provider, refunds and disputes (filters: status, provider, user_id)")
    public Mono<Page> all(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String provider,
            @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        var filter = new Filter(userId, status(status), provider(provider));
        return page(filter, cursor, limit);
    }

    @GetMapping("/payments")
    @Operation(summary = "The caller's own payments")
    public Mono<Page> mine(
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit,
            Authentication auth) {
        return page(new Filter(Actor.of(auth).userId().value(), null, null), cursor, limit);
    }

    private Mono<Page> page(Filter filter, String cursor, Integer limit) {
        int size = limit == null ? Math.min(DEFAULT_PAGE_SIZE, maxPageSize) : limit;
        if (size < 1 || size > maxPageSize) {
            throw ApiException.field("limit", "must be 1-" + maxPageSize);
        }
        Long before = decodeCursor(cursor);
        return commands.blocking(() -> {
            List<Payment> rows = payments.page(filter, before, size + 1);
            boolean more = rows.size() > size;
            List<Payment> pageRows = more ? rows.subList(0, size) : rows;
            var adjustments = payments.adjustmentsOf(
                    pageRows.stream().map(Payment::paymentId).toList());
            List<PaymentView> items = pageRows.stream()
                    .map(p -> {
                        var all = adjustments.getOrDefault(p.paymentId(), List.of());
                        return new PaymentView(
                                p.paymentId(),
                                p.userId(),
                                p.status().name(),
                                p.provider(),
                                p.providerRef(),
                                p.productCode(),
                                p.credits(),
                                p.amountMinor(),
                                p.currency(),
                                p.refundedAmountMinor(),
                                p.refundedCredits(),
                                p.failureReason(),
                                p.createdAt(),
                                p.succeededAt(),
                                all.stream()
                                        .filter(a -> a.kind().equals("REFUND"))
                                        .toList(),
                                all.stream()
                                        .filter(a -> a.kind().equals("DISPUTE"))
                                        .toList());
                    })
                    .toList();
            String next = more ? "p" + pageRows.get(pageRows.size() - 1).seq() : null;
            return new Page(items, next);
        });
    }

    private static Long decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        if (!cursor.matches("p[0-9]{1,18}")) {
            throw ApiException.field("cursor", "not a cursor from a previous page");
        }
        return Long.parseLong(cursor.substring(1));
    }

    private static PaymentStore.Status status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return PaymentStore.Status.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.field("status", "one of PENDING, SUCCEEDED, FAILED, EXPIRED");
        }
    }

    private static String provider(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Provider.fromWire(value).wire();
        } catch (IllegalArgumentException e) {
            throw ApiException.field("provider", "one of stripe, coinbase");
        }
    }
}
