package io.creditcast.command.wallet;

import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.ledger.wallet.WalletCommands.AdjustWallet;
import io.creditcast.ledger.wallet.WalletCommands.DepositCredits;
import io.creditcast.ledger.wallet.WalletCommands.RecordChargeback;
import io.creditcast.ledger.wallet.WalletCommands.RefundDeposit;
import io.creditcast.ledger.wallet.WalletCommands.ReverseChargeback;
import io.creditcast.ledger.wallet.WalletResults.WalletOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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

/**
 * Wallet money movements that do not come from the viewer: deposits from verified payments (called by
 * the payments service), refunds, chargebacks and their reversal, audited admin adjustments. Plus the
 * viewer's own strongly consistent wallet state.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "wallet")
public class WalletController {
    static final String USER_PATTERN = "[A-Za-z0-9._@-]{1,128}";
    static final String KEY_PATTERN = "[A-Za-z0-9._:~-]{1,200}";

    private final CommandSender commands;
    private final AggregateReader reader;

    public WalletController(CommandSender commands, AggregateReader reader) {
        this.commands = commands;
        this.reader = reader;
    }

    public record WalletResponse(String walletId, long balanceMinor, boolean flagged) {}

    public record TransactionResponse(String transactionId, long balanceMinor, boolean flagged, boolean replayed) {
        static TransactionResponse of(CommandSender.Outcome<WalletOutcome> o) {
            var r = o.result();
            return new TransactionResponse(
                    r.transactionId(), r.balanceMinor(), r.flagged(), o.replayed() || r.replayed());
        }
    }

    public record DepositRequest(
            @NotBlank @Pattern(regexp = USER_PATTERN) String userId,
            @NotBlank @Pattern(regexp = KEY_PATTERN) String paymentId,
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,32}") String provider,
            @NotNull @Positive @Max(Credits.MAX_MINOR) Long amountMinor) {}

    public record ReversalRequest(
            @NotBlank @Pattern(regexp = USER_PATTERN) String userId,
            @NotBlank @Pattern(regexp = KEY_PATTERN) String paymentId,
            @NotBlank @Pattern(regexp = KEY_PATTERN) String referenceId,
            @NotNull @Positive @Max(Credits.MAX_MINOR) Long amountMinor) {}

    public record ChargebackReversalRequest(@NotBlank @Pattern(regexp = USER_PATTERN) String userId) {}

    public record AdjustmentRequest(
            @NotNull @Min(-Credits.MAX_MINOR) @Max(Credits.MAX_MINOR) Long amountMinor,
            @NotBlank @Size(max = 500) String reason) {}

    @GetMapping("/wallet")
    @Operation(summary = "The caller's wallet as the command side sees it (strongly consistent)")
    public Mono<WalletResponse> myWallet(Authentication auth) {
        UserId me = Actor.of(auth).userId();
        return commands.blocking(() -> reader.read(
                Wallet.class,
                me.value(),
                w -> new WalletResponse(me.value(), w.balanceMinor(), w.flagged()),
                new WalletResponse(me.value(), 0, false)));
    }

    @PostMapping("/admin/deposits")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Deposit credits from a verified payment (payment id is the natural key)")
    public Mono<TransactionResponse> deposit(
            @Valid @RequestBody DepositRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        var cmd = new DepositCredits(
                new UserId(request.userId()),
                request.paymentId(),
                request.provider(),
                Credits.of(request.amountMinor()),
                Actor.of(auth).userId().value());
        return commands.sendIdempotent(
                        Actor.of(auth), CommandSender.requireKey(key), "deposit", request, cmd, WalletOutcome.class)
                .map(TransactionResponse::of);
    }

    @PostMapping("/admin/refunds")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Refund (part of) a deposit; may leave the wallet negative and flagged")
    public Mono<TransactionResponse> refund(
            @Valid @RequestBody ReversalRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        var cmd = new RefundDeposit(
                new UserId(request.userId()),
                request.paymentId(),
                request.referenceId(),
                Credits.of(request.amountMinor()),
                Actor.of(auth).userId().value());
        return commands.sendIdempotent(
                        Actor.of(auth), CommandSender.requireKey(key), "refund", request, cmd, WalletOutcome.class)
                .map(TransactionResponse::of);
    }

    @PostMapping("/admin/chargebacks")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Record a chargeback (reference_id is the dispute id); may leave the wallet negative and flagged")
    public Mono<TransactionResponse> chargeback(
            @Valid @RequestBody ReversalRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        var cmd = new RecordChargeback(
                new UserId(request.userId()),
                request.paymentId(),
                request.referenceId(),
                Credits.of(request.amountMinor()),
                Actor.of(auth).userId().value());
        return commands.sendIdempotent(
                        Actor.of(auth), CommandSender.requireKey(key), "chargeback", request, cmd, WalletOutcome.class)
                .map(TransactionResponse::of);
    }

    @PostMapping("/admin/chargebacks/{disputeId}/reversal")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Reverse a chargeback after a won dispute")
    public Mono<TransactionResponse> reverseChargeback(
            @PathVariable @jakarta.validation.constraints.Pattern(regexp = KEY_PATTERN) String disputeId,
            @Valid @RequestBody ChargebackReversalRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        var cmd = new ReverseChargeback(
                new UserId(request.userId()), disputeId, Actor.of(auth).userId().value());
        return commands.sendIdempotent(
                        Actor.of(auth),
                        CommandSender.requireKey(key),
                        "chargeback-reversal:" + disputeId,
                        request,
                        cmd,
                        WalletOutcome.class)
                .map(TransactionResponse::of);
    }

    @PostMapping("/admin/wallets/{userId}/adjustments")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Audited manual adjustment with a mandatory reason; the actor is recorded")
    public Mono<TransactionResponse> adjust(
            @PathVariable @jakarta.validation.constraints.Pattern(regexp = USER_PATTERN) String userId,
            @Valid @RequestBody AdjustmentRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor admin = Actor.of(auth);
        String checkedKey = CommandSender.requireKey(key);
        if (request.amountMinor() == 0) {
            throw io.creditcast.command.web.ApiException.field("amount_minor", "must not be zero");
        }
        var cmd = new AdjustWallet(
                new UserId(userId),
                CommandSender.operationId(admin, checkedKey),
                request.amountMinor(),
                request.reason(),
                admin.userId());
        return commands.sendIdempotent(admin, checkedKey, "adjustment:" + userId, request, cmd, WalletOutcome.class)
                .map(TransactionResponse::of);
    }
}
