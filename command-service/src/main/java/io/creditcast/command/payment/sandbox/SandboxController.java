package io.creditcast.command.payment.sandbox;

import io.creditcast.command.payment.PaymentStore;
import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.webhook.WebhookController;
import io.creditcast.command.payment.webhook.WebhookController.Ack;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * SANDBOX — local demo only. The buyer "pays" their own pending sandbox checkout: a Stripe-shaped
 * {@code checkout.session.completed} event is built, signed with a per-process local secret, and
 * handed to the same verify → inbox → processor path real webhooks take.
 */
@RestController
@RequestMapping("/api/v1/payments/sandbox")
@Tag(name = "payments")
public class SandboxController {
    private final SandboxCheckoutGateway gateway;
    private final PaymentStore payments;
    private final WebhookController webhooks;
    private final CommandSender commands;
    private final String secret;
    private final Clock clock = Clock.systemUTC();

    public SandboxController(
            SandboxCheckoutGateway gateway, PaymentStore payments, WebhookController webhooks, CommandSender commands) {
        this.gateway = gateway;
        this.payments = payments;
        this.webhooks = webhooks;
        this.commands = commands;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = "whsec_sandbox_" + HexFormat.of().formatHex(random);
    }

    @PostMapping("/{paymentId}/complete")
    @Operation(summary = "SANDBOX (local demo only): complete your own pending sandbox checkout")
    public Mono<Ack> complete(@PathVariable String paymentId, Authentication auth) {
        if (!gateway.enabled()) {
            throw new ApiException(ProblemTypes.PROVIDER_NOT_ENABLED, "the sandbox provider is not enabled");
        }
        String me = Actor.of(auth).userId().value();
        return commands.blocking(() -> payments.find(paymentId)
                        .filter(p ->
                                p.userId().equals(me) && Provider.SANDBOX.wire().equals(p.provider()))
                        .orElseThrow(() -> new ApiException(
                                ProblemTypes.NOT_FOUND,
                                "no sandbox payment " + paymentId + " of yours",
                                List.of(new ApiException.FieldError("payment_id", "unknown")),
                                Map.of())))
                .flatMap(p -> {
                    String payload = event(p);
                    long now = clock.instant().getEpochSecond();
                    String header = "t=" + now + ",v1=" + hmac(now + "." + payload);
                    return webhooks.receiveStripeShaped(Provider.SANDBOX, payload, header, secret);
                });
    }

    private static String event(Payment p) {
        return """
                {"id":"evt_sandbox_%s","object":"event","type":"checkout.session.completed","livemode":false,
                 "created":%d,"data":{"object":{"id":"%s","object":"checkout.session","client_reference_id":"%s",
                 "metadata":{"payment_id":"%s"},"mode":"payment","status":"complete","payment_status":"paid",
                 "payment_intent":"pi_sandbox_%s","amount_total":%d,"currency":"%s"}}}"""
                .formatted(
                        p.paymentId(),
                        System.currentTimeMillis() / 1000,
                        p.providerRef(),
                        p.paymentId(),
                        p.paymentId(),
                        p.paymentId(),
                        p.amountMinor(),
                        p.currency().toLowerCase(Locale.ROOT));
    }

    private String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
