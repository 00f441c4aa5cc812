package io.creditcast.command.tip;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.WalletCommands.TipCreator;
import io.creditcast.ledger.wallet.WalletResults.WalletOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Tips: the platform fee is split off in the same posting as the tip. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "tips")
public class TipController {
    /** Largest single tip, in credits. */
    public static final long MAX_TIP_MINOR = 1_000_000;

    private final CommandSender commands;
    private final FeePolicy feePolicy;

    public TipController(CommandSender commands, CreditcastProperties properties) {
        this.commands = commands;
        this.feePolicy = properties.fees().policy();
    }

    public record TipRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,128}") String creatorId,
            @NotNull @Positive @Max(MAX_TIP_MINOR) Long amountMinor,
            @Size(max = 200) String message) {}

    public record TipResponse(
            String transactionId,
            long amountMinor,
            long feeMinor,
            long creatorShareMinor,
            long balanceMinor,
            boolean replayed) {}

    @PostMapping("/tips")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Tip a creator (Idempotency-Key required)")
    public Mono<TipResponse> tip(
            @Valid @RequestBody TipRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor viewer = Actor.of(auth);
        String checkedKey = CommandSender.requireKey(key);
        Credits amount = Credits.of(request.amountMinor());
        var cmd = new TipCreator(
                viewer.userId(),
                CommandSender.operationId(viewer, checkedKey),
                new UserId(request.creatorId()),
                amount,
                request.message(),
                feePolicy);
        var split = feePolicy.split(amount);
        return commands.sendIdempotent(viewer, checkedKey, "tip", request, cmd, WalletOutcome.class)
                .map(o -> new TipResponse(
                        o.result().transactionId(),
                        amount.minor(),
                        split.fee().minor(),
                        split.creatorShare().minor(),
                        o.result().balanceMinor(),
                        o.replayed() || o.result().replayed()));
    }
}
