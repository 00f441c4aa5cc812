package io.creditcast.command.payment.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.command.payment.PaymentStore;
import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.command.payment.PaymentStore.Status;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.webhook.Handled;
import io.creditcast.command.payment.webhook.PaymentEvents;
import io.creditcast.command.payment.webhook.ProviderEventHandler;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe events (already verified and stored) → payment facts. Reads the raw JSON, whatever the API
 * version. The local sandbox provider uses the same handler under its own provider name.
 */
public class StripeEventHandler implements ProviderEventHandler {
    static final Set<String> TYPES = Set.of(
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed",
            "checkout.session.expired",
            "charge.refunded",
            "charge.dispute.created",
            "charge.dispute.closed");

    private final Provider provider;
    private final PaymentStore payments;
    private final PaymentEvents events;
    private final ObjectMapper json = new ObjectMapper();

    public StripeEventHandler(Provider provider, PaymentStore payments, PaymentEvents events) {
        this.provider = provider;
        this.payments = payments;
        this.events = events;
    }

    @Override
    public String provider() {
        return provider.wire();
    }

    @Override
    public boolean understands(String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public Handled handle(String eventType, String payload) {
        JsonNode object;
        try {
            object = json.readTree(payload).path("data").path("object");
        } catch (IOException e) {
            return new Handled.Rejected("stored payload is not JSON");
        }
        return switch (eventType) {
            case "checkout.session.completed" -> sessionCompleted(object);
            case "checkout.session.async_payment_succeeded" ->
                withSession(object, p -> events.succeeded(p, text(object, "payment_intent")));
            case "checkout.session.async_payment_failed" ->
                withSession(object, p -> events.ended(p, Status.FAILED, "bank transfer failed"));
            case "checkout.session.expired" ->
                withSession(object, p -> events.ended(p, Status.EXPIRED, "checkout expired"));
            case "charge.refunded" ->
                withCharge(
                        text(object, "payment_intent"),
                        text(object, "id"),
                        p -> events.refundedUpTo(
                                p,
                                text(object, "id"),
                                object.path("amount_refunded").asLong()));
            case "charge.dispute.created" ->
                withCharge(
                        text(object, "payment_intent"),
                        text(object, "charge"),
                        p -> events.disputeOpened(
                                p,
                                text(object, "id"),
                                object.path("amount").asLong(),
                                !String.valueOf(text(object, "status")).startsWith("warning_")));
            case "charge.dispute.closed" ->
                events.disputeClosed(text(object, "id"), "won".equals(text(object, "status")));
            default -> new Handled.Ignored("unhandled type " + eventType);
        };
    }

    private Handled sessionCompleted(JsonNode session) {
        return withSession(session, p -> {
            String paymentStatus = text(session, "payment_status");
            String paymentIntent = text(session, "payment_intent");
            if ("paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus)) {
                return events.succeeded(p, paymentIntent);
            }
            payments.recordPaymentRef(p.paymentId(), paymentIntent);
            return new Handled.Done("awaiting asynchronous payment (" + paymentStatus + ")");
        });
    }

    private Handled withSession(JsonNode session, java.util.function.Function<Payment, Handled> action) {
        String sessionId = text(session, "id");
        String paymentId = Optional.ofNullable(text(session.path("metadata"), "payment_id"))
                .orElse(text(session, "client_reference_id"));
        Optional<Payment> payment =
                paymentId == null ? payments.findByProviderRef(provider(), sessionId) : payments.find(paymentId);
        if (payment.isEmpty()) {
            return new Handled.Later("no payment recorded for checkout session " + sessionId + " yet");
        }
        Payment p = payment.get();
        if (!provider().equals(p.provider()) || !p.providerRef().equals(sessionId)) {
            return new Handled.Rejected("session " + sessionId + " does not belong to payment " + p.paymentId());
        }
        if (session.has("amount_total")
                && (session.path("amount_total").asLong() != p.amountMinor()
                        || !p.currency().toLowerCase(Locale.ROOT).equals(text(session, "currency")))) {
            return new Handled.Rejected(
                    "session amount " + session.path("amount_total").asLong() + " " + text(session, "currency")
                            + " differs from the payment's " + p.amountMinor() + " " + p.currency());
        }
        return action.apply(p);
    }

    private Handled withCharge(
            String paymentIntent, String chargeId, java.util.function.Function<Payment, Handled> action) {
        var payment = payments.findByPaymentOrChargeRef(provider(), paymentIntent, chargeId);
        if (payment.isEmpty()) {
            return new Handled.Later("no payment known for payment intent " + paymentIntent + " / charge " + chargeId);
        }
        if (chargeId != null && chargeId.startsWith("ch_")) {
            payments.recordChargeRef(payment.get().paymentId(), chargeId);
        }
        return action.apply(payment.get());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}
