package io.creditcast.command.payout;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.earnings.Earnings;
import io.creditcast.ledger.earnings.EarningsCommands.ApprovePayout;
import io.creditcast.ledger.earnings.EarningsCommands.CompletePayout;
import io.creditcast.ledger.earnings.EarningsCommands.FailPayout;
import io.creditcast.ledger.earnings.EarningsCommands.RequestPayout;
import io.creditcast.ledger.earnings.PayoutId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Creator payouts: request (hold) → approve (two approvers above a threshold) → complete or fail. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "payouts")
public class PayoutController {
    private final CommandSender commands;
    private final AggregateReader reader;
    private final Credits secondApprovalAbove;

    public PayoutController(CommandSender commands, AggregateReader reader, CreditcastProperties properties) {
        this.commands = commands;
        this.reader = reader;
        this.secondApprovalAbove = Credits.of(properties.payouts().secondApprovalAboveMinor());
    }

    public record PayoutRequest(@NotNull @Positive @Max(Credits.MAX_MINOR) Long amountMinor) {}

    public record CompleteRequest(@NotBlank @Size(max = 200) String providerReference) {}

    public record FailRequest(@NotBlank @Size(max = 500) String reason) {}

    public record PayoutResponse(String payoutId, String status, boolean replayed) {}

    public record EarningsResponse(
            String creatorId,
            long balanceMinor,
            long heldMinor,
            long availableMinor,
            Map<String, Earnings.PayoutStatus> payouts) {}

    @GetMapping("/creators/me/earnings")
    @Operation(summary = "The caller's earnings as the command side sees them (settled income, holds)")
    public Mono<EarningsResponse> myEarnings(Authentication auth) {
        String me = Actor.of(auth).userId().value();
        return commands.blocking(() -> reader.read(
                Earnings.class,
                me,
                e -> new EarningsResponse(me, e.balanceMinor(), e.heldMinor(), e.availableMinor(), e.payoutStatuses()),
                new EarningsResponse(me, 0, 0, 0, Map.of())));
    }

    @PostMapping("/payouts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Request a payout of available earnings (Idempotency-Key required); the amount is held")
    public Mono<PayoutResponse> request(
            @Valid @RequestBody PayoutRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor creator = Actor.of(auth);
        String checkedKey = CommandSender.requireKey(key);
        var payoutId = new PayoutId(creator.userId(), CommandSender.operationId(creator, checkedKey));
        var cmd = new RequestPayout(creator.userId(), payoutId, Credits.of(request.amountMinor()));
        return commands.sendIdempotent(creator, checkedKey, "payout", request, cmd, String.class)
                .map(o -> new PayoutResponse(o.result(), Earnings.PayoutStatus.PENDING.name(), o.replayed()));
    }

    @PostMapping("/admin/payouts/{payoutId}/approve")
    @Operation(summary = "Approve a payout (a second, different approver is needed above the threshold)")
    public Mono<PayoutResponse> approve(
            @PathVariable String payoutId,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor admin = Actor.of(auth);
        PayoutId id = parse(payoutId);
        var cmd = new ApprovePayout(id.creatorId(), id, admin.userId(), secondApprovalAbove);
        return commands.sendIdempotent(
                        admin,
                        CommandSender.requireKey(key),
                        "approve:" + payoutId,
                        payoutId,
                        cmd,
                        Earnings.PayoutStatus.class)
                .map(o -> new PayoutResponse(payoutId, o.result().name(), o.replayed()));
    }

    @PostMapping("/admin/payouts/{payoutId}/complete")
    @Operation(summary = "Record that a payout was sent: the held amount is posted out of earnings")
    public Mono<PayoutResponse> complete(
            @PathVariable String payoutId,
            @Valid @RequestBody CompleteRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor admin = Actor.of(auth);
        PayoutId id = parse(payoutId);
        var cmd = new CompletePayout(id.creatorId(), id, request.providerReference(), admin.userId());
        return commands.sendIdempotent(
                        admin,
                        CommandSender.requireKey(key),
                        "complete:" + payoutId,
                        request,
                        cmd,
                        Earnings.PayoutStatus.class)
                .map(o -> new PayoutResponse(payoutId, o.result().name(), o.replayed()));
    }

    @PostMapping("/admin/payouts/{payoutId}/fail")
    @Operation(summary = "Fail or reject a payout: its hold is voided")
    public Mono<PayoutResponse> fail(
            @PathVariable String payoutId,
            @Valid @RequestBody FailRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor admin = Actor.of(auth);
        PayoutId id = parse(payoutId);
        var cmd = new FailPayout(id.creatorId(), id, request.reason(), admin.userId());
        return commands.sendIdempotent(
                        admin,
                        CommandSender.requireKey(key),
                        "fail:" + payoutId,
                        request,
                        cmd,
                        Earnings.PayoutStatus.class)
                .map(o -> new PayoutResponse(payoutId, o.result().name(), o.replayed()));
    }

    private static PayoutId parse(String payoutId) {
        try {
            return PayoutId.parse(payoutId);
        } catch (IllegalArgumentException e) {
            throw ApiException.field("payout_id", e.getMessage());
        }
    }
}
