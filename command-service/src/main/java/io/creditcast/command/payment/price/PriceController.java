package io.creditcast.command.payment.price;

import io.creditcast.command.payment.price.PriceStore.FxRate;
import io.creditcast.command.payment.price.PriceStore.Price;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The admin-managed price list of credit packs and the FX table behind it. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "payments")
public class PriceController {
    /** Most prices any list answers with. */
    public static final int MAX_PRICES_LISTED = 200;
    /** Largest amount one credit pack may cost, in minor units (10,000.00 in a 2-digit currency). */
    public static final long MAX_PRICE_AMOUNT_MINOR = 1_000_000;
    /** Most credits one pack may hold. */
    public static final long MAX_PACK_CREDITS = 100_000_000;

    private final PriceStore prices;
    private final CommandSender commands;

    public PriceController(PriceStore prices, CommandSender commands) {
        this.prices = prices;
        this.commands = commands;
    }

    /** Credits may be omitted: they are then derived from the amount with the currency's FX rate. */
    public record PriceRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,63}") String productCode,
            @Positive @Max(MAX_PACK_CREDITS) Long credits,
            @NotNull @Positive @Max(MAX_PRICE_AMOUNT_MINOR) Long amountMinor,
            @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotNull Boolean active) {}

    public record FxRateRequest(
            @NotNull @Positive @Max(1_000_000) Long creditsPerMajorUnit,
            @NotNull @Min(0) @Max(3) Integer minorDigits) {}

    public record PriceList(List<Price> prices, List<FxRate> fxRates) {}

    @PostMapping("/admin/prices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create or update (by product code) a credit pack price")
    public Mono<Price> put(@Valid @RequestBody PriceRequest request) {
        return commands.blocking(() -> {
            FxRate fx = prices.fx(request.currency())
                    .orElseThrow(() -> new ApiException(
                            ProblemTypes.UNSUPPORTED_CURRENCY,
                            "no FX rate for " + request.currency()
                                    + "; add one with PUT /api/v1/admin/fx-rates/{currency}",
                            List.of(new ApiException.FieldError("currency", "no FX rate")),
                            Map.of()));
            long credits = request.credits() != null ? request.credits() : fx.creditsFor(request.amountMinor());
            if (credits <= 0) {
                throw ApiException.field("credits", "amount buys no credits at the FX rate");
            }
            return prices.upsert(
                    request.productCode(), credits, request.amountMinor(), request.currency(), request.active());
        });
    }

    @PutMapping("/admin/fx-rates/{currency}")
    @Operation(summary = "Set how many credits one major unit of a currency buys")
    public Mono<FxRate> putFx(
            @PathVariable @Pattern(regexp = "[A-Z]{3}") String currency, @Valid @RequestBody FxRateRequest request) {
        return commands.blocking(
                () -> prices.putFx(new FxRate(currency, request.creditsPerMajorUnit(), request.minorDigits())));
    }

    @GetMapping("/prices")
    @Operation(summary = "Credit packs on sale, with the FX table")
    public Mono<PriceList> list() {
        return commands.blocking(() -> new PriceList(prices.list(true, MAX_PRICES_LISTED), prices.fxRates()));
    }

    @GetMapping("/admin/prices")
    @Operation(summary = "All prices, including withdrawn ones")
    public Mono<PriceList> listAll() {
        return commands.blocking(() -> new PriceList(prices.list(false, MAX_PRICES_LISTED), prices.fxRates()));
    }
}
