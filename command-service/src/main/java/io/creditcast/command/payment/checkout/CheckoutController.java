package io.creditcast.command.payment.checkout;

import io.creditcast.command.payment.PaymentProperties;
import io.creditcast.command.payment.PaymentStore;
import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.checkout.CheckoutGateway.CheckoutOrder;
import io.creditcast.command.payment.price.PriceStore;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.ApiException.FieldError;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/payments/checkout}: records a PENDING payment with the provider's reference
 * and answers the page to send the buyer to. Credits arrive only through a verified webhook.
 */
@RestController
@RequestMapping("/api/v1/payments")
@Tag(name = "payments")
public class CheckoutController {
    private final PriceStore prices;
    private final PaymentStore payments;
    private final CommandSender commands;
    private final PaymentProperties properties;
    private final Map<Provider, CheckoutGateway> gateways;

    public CheckoutController(
            PriceStore prices,
            PaymentStore payments,
            CommandSender commands,
            PaymentProperties properties,
            List<CheckoutGateway> gateways) {
        this.prices = prices;
        this.payments = payments;
        this.commands = commands;
        this.properties = properties;
        this.gateways = gateways.stream().collect(Collectors.toMap(CheckoutGateway::provider, Function.identity()));
    }

    /** {@code currency} is optional: when given it must be the price's currency. */
    public record CheckoutRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_]{1,64}") String priceId,
            @NotBlank @Pattern(regexp = "stripe|coinbase|sandbox") String provider,
            @Pattern(regexp = "[A-Z]{3}") String currency) {}

    public record CheckoutResponse(
            String paymentId,
            String status,
            String provider,
            String providerRef,
            String checkoutUrl,
            long credits,
            long amountMinor,
            String currency,
            boolean replayed) {
        static CheckoutResponse of(Payment p, boolean replayed) {
            return new CheckoutResponse(
                    p.paymentId(),
                    p.status().name(),
                    p.provider(),
                    p.providerRef(),
                    p.checkoutUrl(),
                    p.credits(),
                    p.amountMinor(),
                    p.currency(),
                    replayed);
        }
    }

    @PostMapping("/checkout")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start buying a credit pack (Stripe: card or bank transfer; Coinbase: crypto)")
    public Mono<CheckoutResponse> checkout(
            @Valid @RequestBody CheckoutRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor buyer = Actor.of(auth);
        String checkedKey = CommandSender.requireKey(key);
        return commands.blocking(() -> checkout(buyer, checkedKey, request));
    }

    private CheckoutResponse checkout(Actor buyer, String key, CheckoutRequest request) {
        String userId = buyer.userId().value();
        String hash = sha256(request.priceId() + "\n" + request.provider() + "\n" + request.currency());
        var existing = payments.findByKey(userId, key);
        if (existing.isPresent()) {
            return replay(existing.get(), hash);
        }
        var price = prices.find(request.priceId())
                .orElseThrow(() -> new ApiException(
                        ProblemTypes.UNKNOWN_PRICE,
                        "no price " + request.priceId(),
                        List.of(new FieldError("price_id", "unknown")),
                        Map.of()));
        if (!price.active()) {
            throw new ApiException(
                    ProblemTypes.PRICE_INACTIVE,
                    "price " + price.priceId() + " is not on sale",
                    List.of(new FieldError("price_id", "inactive")),
                    Map.of());
        }
        if (request.currency() != null && !request.currency().equals(price.currency())) {
            throw new ApiException(
                    ProblemTypes.CURRENCY_MISMATCH,
                    "price " + price.priceId() + " is in " + price.currency(),
                    List.of(new FieldError("currency", "must be " + price.currency())),
                    Map.of("price_currency", price.currency()));
        }
        Provider provider = Provider.fromWire(request.provider());
        CheckoutGateway gateway = gateways.get(provider);
        if (gateway == null || !gateway.enabled()) {
            throw new ApiException(
                    ProblemTypes.PROVIDER_NOT_ENABLED,
                    "provider " + provider.wire() + " is not configured on this installation",
                    List.of(new FieldError("provider", "not enabled")),
                    Map.of());
        }
        int minorDigits = prices.fx(price.currency())
                .map(PriceStore.FxRate::minorDigits)
                .orElseThrow(() -> new ApiException(ProblemTypes.UNSUPPORTED_CURRENCY, "no FX rate"));
        String paymentId = paymentId(userId, key);
        var order = new CheckoutOrder(
                paymentId,
                userId,
                price.productCode(),
                price.credits(),
                price.amountMinor(),
                price.currency(),
                minorDigits,
                properties.successUrl().replace("{PAYMENT_ID}", paymentId),
                properties.cancelUrl().replace("{PAYMENT_ID}", paymentId));
        CheckoutGateway.ProviderCheckout created;
        try {
            created = gateway.create(order, "creditcast-checkout-" + paymentId);
        } catch (CheckoutGateway.ProviderException e) {
            throw new ApiException(ProblemTypes.PROVIDER_UNAVAILABLE, e.getMessage());
        }
        var payment = new Payment(
                0,
                paymentId,
                userId,
                key,
                hash,
                price.priceId(),
                price.productCode(),
                price.credits(),
                price.amountMinor(),
                price.currency(),
                provider.wire(),
                created.providerRef(),
                null,
                null,
                created.checkoutUrl(),
                PaymentStore.Status.PENDING,
                null,
                0,
                0,
                null,
                null);
        if (!payments.insertPending(payment)) { // a concurrent duplicate inserted first
            return replay(payments.findByKey(userId, key).orElseThrow(), hash);
        }
        return CheckoutResponse.of(payments.find(paymentId).orElseThrow(), false);
    }

    private static CheckoutResponse replay(Payment p, String hash) {
        if (!p.requestHash().trim().equals(hash)) {
            throw new ApiException(
                    ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for a different checkout",
                    List.of(new FieldError(CommandSender.IDEMPOTENCY_HEADER, "reused with a different request")),
                    Map.of());
        }
        return CheckoutResponse.of(p, true);
    }

    /** Deterministic per (buyer, key): a retried checkout reuses the provider's session. */
    static String paymentId(String userId, String key) {
        return "pay_"
                + UUID.nameUUIDFromBytes(("checkout\n" + userId + "\n" + key).getBytes(StandardCharsets.UTF_8))
                        .toString()
                        .replace("-", "");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
