package io.creditcast.command.payment.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creditcast.command.payment.PaymentProperties;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.checkout.CheckoutGateway;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Crypto checkout through a Coinbase Commerce-shaped HTTP API: {@code POST /charges} with a fixed
 * local price; the buyer pays on the hosted page; confirmation arrives by webhook.
 */
@Component
public class CoinbaseCheckoutGateway implements CheckoutGateway {
    static final String API_VERSION = "2018-03-22";

    private final PaymentProperties.Coinbase config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public CoinbaseCheckoutGateway(PaymentProperties properties) {
        this.config = properties.coinbase();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.timeoutMs()))
                .build();
    }

    @Override
    public Provider provider() {
        return Provider.COINBASE;
    }

    @Override
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public ProviderCheckout create(CheckoutOrder order, String idempotencyKey) {
        ObjectNode body = json.createObjectNode();
        body.put("name", order.credits() + " Creditcast credits");
        body.put("description", "Credit pack " + order.productCode());
        body.put("pricing_type", "fixed_price");
        ObjectNode price = body.putObject("local_price");
        price.put(
                "amount",
                BigDecimal.valueOf(order.amountMinor(), order.minorDigits()).toPlainString());
        price.put("currency", order.currency());
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("payment_id", order.paymentId());
        metadata.put("user_id", order.userId());
        body.put("redirect_url", order.successUrl());
        body.put("cancel_url", order.cancelUrl());
        try {
            var request = HttpRequest.newBuilder(URI.create(config.apiBase() + "/charges"))
                    .timeout(Duration.ofMillis(config.timeoutMs()))
                    .header("Content-Type", "application/json")
                    .header("X-CC-Api-Key", config.apiKey())
                    .header("X-CC-Version", API_VERSION)
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ProviderException("Coinbase Commerce answered " + response.statusCode(), null);
            }
            JsonNode data = json.readTree(response.body()).path("data");
            String code = data.path("code").asText(null);
            String hostedUrl = data.path("hosted_url").asText(null);
            if (code == null || hostedUrl == null) {
                throw new ProviderException("Coinbase Commerce answer lacks code or hosted_url", null);
            }
            return new ProviderCheckout(code, hostedUrl);
        } catch (IOException e) {
            throw new ProviderException("Coinbase Commerce unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted", e);
        }
    }
}
