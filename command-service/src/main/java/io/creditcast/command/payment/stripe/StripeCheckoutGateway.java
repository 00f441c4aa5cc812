package io.creditcast.command.payment.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.PaymentMethodOptions.CustomerBalance;
import com.stripe.param.checkout.SessionCreateParams.PaymentMethodOptions.CustomerBalance.BankTransfer;
import io.creditcast.command.payment.PaymentProperties;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.checkout.CheckoutGateway;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Stripe Checkout Sessions through stripe-java: card always, and bank transfer (customer balance)
 * where Stripe offers one for the currency. The client is built per instance with the configured API
 * base (tests point it at a local stub), never through stripe-java's global state.
 */
@Component
public class StripeCheckoutGateway implements CheckoutGateway {
    /** Currencies Stripe offers bank transfers (customer balance funding) in, and the transfer type. */
    static final Map<String, BankTransfer.Type> BANK_TRANSFER_TYPES = Map.of(
            "USD", BankTransfer.Type.US_BANK_TRANSFER,
            "EUR", BankTransfer.Type.EU_BANK_TRANSFER,
            "GBP", BankTransfer.Type.GB_BANK_TRANSFER,
            "JPY", BankTransfer.Type.JP_BANK_TRANSFER,
            "MXN", BankTransfer.Type.MX_BANK_TRANSFER);
    /** Country of the EU bank account Stripe shows for EUR transfers. */
    static final String EU_BANK_TRANSFER_COUNTRY = "NL";

    private final PaymentProperties.Stripe config;
    private final StripeClient client;

    public StripeCheckoutGateway(PaymentProperties properties) {
        this.config = properties.stripe();
        this.client = config.enabled()
                ? StripeClient.builder()
                        .setApiKey(config.secretKey())
                        .setApiBase(config.apiBase())
                        .setConnectTimeout(config.timeoutMs())
                        .setReadTimeout(config.timeoutMs())
                        .setMaxNetworkRetries(2)
                        .build()
                : null;
    }

    @Override
    public Provider provider() {
        return Provider.STRIPE;
    }

    @Override
    public boolean enabled() {
        return client != null;
    }

    @Override
    public ProviderCheckout create(CheckoutOrder order, String idempotencyKey) {
        try {
            var session = client.checkout()
                    .sessions()
                    .create(
                            params(order),
                            RequestOptions.builder()
                                    .setIdempotencyKey(idempotencyKey)
                                    .build());
            return new ProviderCheckout(session.getId(), session.getUrl());
        } catch (StripeException e) {
            throw new ProviderException("Stripe refused the checkout: " + e.getMessage(), e);
        }
    }

    static SessionCreateParams params(CheckoutOrder order) {
        var builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(order.paymentId())
                .putMetadata("payment_id", order.paymentId())
                .putMetadata("user_id", order.userId())
                .setSuccessUrl(order.successUrl())
                .setCancelUrl(order.cancelUrl())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("payment_id", order.paymentId())
                        .putMetadata("user_id", order.userId())
                        .build())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(order.currency().toLowerCase(Locale.ROOT))
                                .setUnitAmount(order.amountMinor())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(order.credits() + " Creditcast credits")
                                        .putMetadata("product_code", order.productCode())
                                        .build())
                                .build())
                        .build())
                .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD);
        BankTransfer.Type transfer = BANK_TRANSFER_TYPES.get(order.currency());
        if (transfer != null) {
            var bankTransfer = BankTransfer.builder().setType(transfer);
            if (transfer == BankTransfer.Type.EU_BANK_TRANSFER) {
                bankTransfer.setEuBankTransfer(BankTransfer.EuBankTransfer.builder()
                        .setCountry(EU_BANK_TRANSFER_COUNTRY)
                        .build());
            }
            builder.addPaymentMethodType(SessionCreateParams.PaymentMethodType.CUSTOMER_BALANCE)
                    .setCustomerCreation(SessionCreateParams.CustomerCreation.ALWAYS)
                    .setPaymentMethodOptions(SessionCreateParams.PaymentMethodOptions.builder()
                            .setCustomerBalance(CustomerBalance.builder()
                                    .setFundingType(CustomerBalance.FundingType.BANK_TRANSFER)
                                    .setBankTransfer(bankTransfer.build())
                                    .build())
                            .build());
        }
        return builder.build();
    }
}
