package io.creditcast.command.payment.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.command.payment.PaymentStore;
import io.creditcast.command.payment.PaymentStore.Payment;
import io.creditcast.command.payment.PaymentStore.Status;
import io.creditcast.command.payment.Provider;
import io.creditcast.command.payment.price.PriceStore;
import io.creditcast.command.payment.webhook.Handled;
import io.creditcast.command.payment.webhook.PaymentEvents;
import io.creditcast.command.payment.webhook.ProviderEventHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Coinbase Commerce charge events → payment facts. Confirmed or resolved = paid; failed = failed. */
@Component
public class CoinbaseEventHandler implements ProviderEventHandler {
    static final Set<String> TYPES =
            Set.of("charge:confirmed", "charge:resolved", "charge:failed", "charge:pending", "charge:delayed");

    private final PaymentStore payments;
    private final PriceStore prices;
    private final PaymentEvents events;
    private final ObjectMapper json = new ObjectMapper();

    public CoinbaseEventHandler(PaymentStore payments, PriceStore prices, PaymentEvents events) {
        this.payments = payments;
        this.prices = prices;
        this.events = events;
    }

    @Override
    public String provider() {
        return Provider.COINBASE.wire();
    }

    @Override
    public boolean understands(String eventType) {
        return TYPES.contains(eventType);
    }

    @Override
    public Handled handle(String eventType, String payload) {
        JsonNode charge;
        try {
            charge = json.readTree(payload).path("event").path("data");
        } catch (IOException e) {
            return new Handled.Rejected("stored payload is not JSON");
        }
        String code = charge.path("code").asText(null);
        String paymentId = charge.path("metadata").path("payment_id").asText(null);
        Optional<Payment> payment =
                paymentId != null ? payments.find(paymentId) : payments.findByProviderRef(provider(), code);
        if (payment.isEmpty()) {
            return new Handled.Later("no payment recorded for charge " + code + " yet");
        }
        Payment p = payment.get();
        if (!provider().equals(p.provider()) || !p.providerRef().equals(code)) {
            return new Handled.Rejected("charge " + code + " does not belong to payment " + p.paymentId());
        }
        return switch (eventType) {
            case "charge:confirmed", "charge:resolved" -> {
                String mismatch = amountMismatch(charge, p);
                yield mismatch != null
                        ? new Handled.Rejected(mismatch)
                        : events.succeeded(p, charge.path("id").asText(null));
            }
            case "charge:failed" -> events.ended(p, Status.FAILED, "crypto charge failed or expired");
            default -> new Handled.Ignored(eventType + " is informational");
        };
    }

    private String amountMismatch(JsonNode charge, Payment p) {
        JsonNode local = charge.path("pricing").path("local");
        if (local.isMissingNode()) {
            return null;
        }
        int digits = prices.fx(p.currency()).map(PriceStore.FxRate::minorDigits).orElse(2);
        BigDecimal expected = BigDecimal.valueOf(p.amountMinor(), digits);
        try {
            BigDecimal actual = new BigDecimal(local.path("amount").asText(""));
            if (actual.compareTo(expected) != 0
                    || !p.currency().equals(local.path("currency").asText())) {
                return "charge amount " + actual + " " + local.path("currency").asText() + " differs from " + expected
                        + " " + p.currency();
            }
            return null;
        } catch (NumberFormatException e) {
            return "charge amount unreadable";
        }
    }
}
