package io.creditcast.command.payment.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;

/**
 * Verifies {@code Stripe-Signature} with stripe-java's own {@link Webhook#constructEvent}: HMAC-SHA256
 * of {@code timestamp + "." + body} under the endpoint secret, and a timestamp no older than the
 * tolerance (300 s by default).
 */
public final class StripeSignature {
    public static final String HEADER = "Stripe-Signature";
    /** Stripe's recommended tolerance, and ours. */
    public static final long DEFAULT_TOLERANCE_S = 300;

    /** The identity of a verified event. */
    public record Verified(String eventId, String type) {}

    /** Missing header, wrong secret, tampered body or stale timestamp. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private StripeSignature() {}

    public static Verified verify(String payload, String header, String secret, long toleranceS, Clock clock)
            throws Invalid {
        if (header == null || header.isBlank()) {
            throw new Invalid("missing " + HEADER + " header");
        }
        if (secret == null || secret.isBlank()) {
            throw new Invalid("no Stripe webhook secret configured");
        }
        try {
            Event event = Webhook.constructEvent(payload, header, secret, toleranceS, clock);
            if (event.getId() == null || event.getType() == null) {
                throw new Invalid("event lacks id or type");
            }
            return new Verified(event.getId(), event.getType());
        } catch (SignatureVerificationException e) {
            throw new Invalid(e.getMessage());
        } catch (RuntimeException e) { // gson's parse failure: not a JSON event
            throw new Invalid("signed body is not a JSON event");
        }
    }
}
