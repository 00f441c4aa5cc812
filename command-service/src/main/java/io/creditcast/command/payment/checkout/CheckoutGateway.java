package io.creditcast.command.payment.checkout;

import io.creditcast.command.payment.Provider;

/** Starts a payment at one provider: a hosted page the buyer is sent to. Blocking; called off the event loop. */
public interface CheckoutGateway {

    /** What the provider is asked for. {@code paymentId} travels as metadata and comes back in webhooks. */
    record CheckoutOrder(
            String paymentId,
            String userId,
            String productCode,
            long credits,
            long amountMinor,
            String currency,
            int minorDigits,
            String successUrl,
            String cancelUrl) {}

    /** The provider's reference (Stripe Checkout Session id, Coinbase charge code) and the page to send the buyer to. */
    record ProviderCheckout(String providerRef, String checkoutUrl) {}

    Provider provider();

    boolean enabled();

    /** Creates the checkout; the same {@code idempotencyKey} never creates a second one at the provider. */
    ProviderCheckout create(CheckoutOrder order, String idempotencyKey);

    /** The provider refused or could not be reached; nothing was recorded on our side. */
    final class ProviderException extends RuntimeException {
        public ProviderException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
