package io.creditcast.command.payment.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.command.payment.PaymentProperties;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.coinbase.CoinbaseSignature;
import io.creditcast.command.payment.stripe.StripeSignature;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Provider webhooks. Each delivery is verified by signature (no user authentication), inserted into
 * the durable inbox deduplicated on the event id, and answered 200 at once; processing happens from
 * the inbox. Bodies over {@code creditcast.payments.inbox.max-body-bytes} get 413 before parsing.
 */
@RestController
@Tag(name = "payments")
public class WebhookController {
    private final PaymentProperties properties;
    private final WebhookInbox inbox;
    private final InboxProcessor processor;
    private final CommandSender commands;
    private final Map<String, ProviderEventHandler> handlers;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public WebhookController(
            PaymentProperties properties,
            WebhookInbox inbox,
            InboxProcessor processor,
            CommandSender commands,
            List<ProviderEventHandler> handlers) {
        this.properties = properties;
        this.inbox = inbox;
        this.processor = processor;
        this.commands = commands;
        this.handlers =
                handlers.stream().collect(Collectors.toMap(ProviderEventHandler::provider, Function.identity()));
        this.clock = Clock.systemUTC();
    }

    /** The answer providers get: the event id and whether it was a duplicate delivery. */
    public record Ack(boolean received, String eventId, boolean duplicate) {}

    @PostMapping("/webhooks/stripe")
    @Operation(summary = "Stripe webhook endpoint (Stripe-Signature, 300 s tolerance)")
    public Mono<Ack> stripe(ServerHttpRequest request) {
        String signature = request.getHeaders().getFirst(StripeSignature.HEADER);
        return body(request)
                .flatMap(payload -> receiveStripeShaped(
                        Provider.STRIPE, payload, signature, properties.stripe().webhookSecret()));
    }

    /** Verifies a Stripe-signed payload and stores it: the path real Stripe webhooks and the sandbox share. */
    public Mono<Ack> receiveStripeShaped(Provider provider, String payload, String signature, String secret) {
        StripeSignature.Verified event;
        try {
            event = StripeSignature.verify(
                    payload, signature, secret, properties.stripe().toleranceS(), clock);
        } catch (StripeSignature.Invalid e) {
            return Mono.error(invalidSignature(StripeSignature.HEADER, e.getMessage()));
        }
        return store(provider, event.eventId(), event.type(), payload);
    }

    @PostMapping("/webhooks/coinbase")
    @Operation(summary = "Coinbase Commerce webhook endpoint (X-CC-Webhook-Signature, HMAC-SHA256)")
    public Mono<Ack> coinbase(ServerHttpRequest request) {
        String signature = request.getHeaders().getFirst(CoinbaseSignature.HEADER);
        return body(request).flatMap(payload -> {
            if (!CoinbaseSignature.verify(
                    payload, signature, properties.coinbase().sharedSecret())) {
                return Mono.error(invalidSignature(
                        CoinbaseSignature.HEADER, signature == null ? "missing header" : "signature mismatch"));
            }
            String eventId;
            String type;
            try {
                JsonNode event = json.readTree(payload).path("event");
                eventId = event.path("id").asText(null);
                type = event.path("type").asText(null);
            } catch (IOException e) {
                return Mono.error(ApiException.field("body", "not JSON"));
            }
            if (eventId == null || type == null || eventId.length() > 255 || type.length() > 128) {
                return Mono.error(ApiException.field("event", "id and type required"));
            }
            return store(Provider.COINBASE, eventId, type, payload);
        });
    }

    private Mono<Ack> store(Provider provider, String eventId, String type, String payload) {
        if (eventId.length() > 255 || type.length() > 128) {
            return Mono.error(ApiException.field("id", "event id or type too long"));
        }
        var handler = handlers.get(provider.wire());
        var status = handler != null && handler.understands(type)
                ? WebhookInbox.Status.RECEIVED
                : WebhookInbox.Status.IGNORED; // unknown types: acknowledged, kept for dedupe, never processed
        return commands.blocking(() -> {
            boolean fresh = inbox.insert(provider.wire(), eventId, type, payload, status);
            if (fresh && status == WebhookInbox.Status.RECEIVED) {
                processor.wake();
            }
            return new Ack(true, eventId, !fresh);
        });
    }

    /** The raw body as sent (signatures cover the exact bytes), refused past the limit. */
    private Mono<String> body(ServerHttpRequest request) {
        int maxBytes = properties.inbox().maxBodyBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(maxBytes));
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(
                ProblemTypes.BODY_TOO_LARGE,
                "webhook body exceeds the limit of " + maxBytes + " bytes",
                List.of(),
                Map.of("max_bytes", maxBytes));
    }

    private static ApiException invalidSignature(String header, String why) {
        return new ApiException(
                ProblemTypes.WEBHOOK_SIGNATURE_INVALID,
                "webhook signature rejected: " + why,
                List.of(new ApiException.FieldError(header, why)),
                Map.of());
    }
}
