package io.creditcast.command.rates;

import io.creditcast.command.security.Actor;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.rates.MeteringRates;
import io.creditcast.ledger.rates.MeteringRates.Scope;
import io.creditcast.ledger.rates.MeteringRates.SetMeteringRate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Metering rates per creator and per category (admin). New sessions use the new rate. */
@RestController
@RequestMapping("/api/v1/admin/metering-rates")
@Tag(name = "metering")
public class RatesController {
    private final CommandSender commands;

    public RatesController(CommandSender commands) {
        this.commands = commands;
    }

    public record RateRequest(@NotNull @Positive @Max(MeteringRates.MAX_RATE_MINOR) Long rateMinor) {}

    public record RateResponse(String scope, String key, long rateMinor) {}

    @PutMapping("/creators/{creatorId}")
    @Operation(summary = "Set a creator's rate in credits per interval")
    public Mono<RateResponse> creator(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9._@-]{1,128}") String creatorId,
            @Valid @RequestBody RateRequest request,
            Authentication auth) {
        return set(Scope.CREATOR, creatorId, request, auth);
    }

    @PutMapping("/categories/{category}")
    @Operation(summary = "Set a category's rate in credits per interval")
    public Mono<RateResponse> category(
            @PathVariable @Pattern(regexp = "[a-z0-9-]{1,40}") String category,
            @Valid @RequestBody RateRequest request,
            Authentication auth) {
        return set(Scope.CATEGORY, category, request, auth);
    }

    private Mono<RateResponse> set(Scope scope, String key, RateRequest request, Authentication auth) {
        var cmd = new SetMeteringRate(
                MeteringRates.RATE_CARD_ID,
                scope,
                key,
                Credits.of(request.rateMinor()),
                Actor.of(auth).userId());
        return commands.send(cmd).thenReturn(new RateResponse(scope.name(), key, request.rateMinor()));
    }
}
