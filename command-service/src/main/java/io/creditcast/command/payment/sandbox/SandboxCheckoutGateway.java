package io.creditcast.command.payment.sandbox;

import io.creditcast.command.payment.PaymentProperties;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.checkout.CheckoutGateway;
import org.springframework.stereotype.Component;

/**
 * SANDBOX — local demo only, never real money. The "checkout page" is an API call the buyer makes to
 * complete the payment ({@code POST /api/v1/payments/sandbox/{paymentId}/complete}). Enabled only when
 * {@code creditcast.payments.sandbox.enabled=true} and no Stripe secret key is configured.
 */
@Component
public class SandboxCheckoutGateway implements CheckoutGateway {
    private final boolean enabled;

    public SandboxCheckoutGateway(PaymentProperties properties) {
        this.enabled = properties.sandbox() != null
                && properties.sandbox().enabled()
                && !properties.stripe().enabled();
    }

    @Override
    public Provider provider() {
        return Provider.SANDBOX;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public ProviderCheckout create(CheckoutOrder order, String idempotencyKey) {
        return new ProviderCheckout(
                "cs_sandbox_" + order.paymentId(), "/api/v1/payments/sandbox/" + order.paymentId() + "/complete");
    }
}
