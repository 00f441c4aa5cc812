package io.creditcast.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The command service with Stripe (stripe-java) pointed at a local stub and fast inbox retries.
 * Coinbase is left unconfigured here (so "provider not enabled" can be shown); its own IT enables it.
 * All subclasses share one application context and database.
 */
public abstract class PaymentsItBase extends CommandServiceTest.Base {
    public static final String WEBHOOK_SECRET = "whsec_test_local_only";
    protected static final LocalProviderStub STUB = new LocalProviderStub();

    @DynamicPropertySource
    static void payments(DynamicPropertyRegistry registry) {
        registry.add("creditcast.payments.stripe.secret-key", () -> "sk_test_local_stub");
        registry.add("creditcast.payments.stripe.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("creditcast.payments.stripe.api-base", STUB::baseUrl);
        registry.add("creditcast.payments.coinbase.api-key", () -> "");
        registry.add("creditcast.payments.inbox.poll-interval-ms", () -> "100");
        registry.add("creditcast.payments.inbox.retry-base-ms", () -> "100");
        registry.add("creditcast.payments.inbox.retry-max-ms", () -> "400");
    }

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;

    @BeforeEach
    void paymentsSetUp() {
        api = new Api(client, jdbc);
    }

    protected String createPrice(String productCode, long credits, long amountMinor, String currency, boolean active) {
        var body = Map.of(
                "product_code", productCode,
                "credits", credits,
                "amount_minor", amountMinor,
                "currency", currency,
                "active", active);
        return (String) api.post("admin-1", "admin", "/api/v1/admin/prices", body, null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("price_id");
    }

    protected WebTestClient.ResponseSpec checkout(String user, Object body, String key) {
        return api.post(user, "viewer", "/api/v1/payments/checkout", body, key).exchange();
    }

    /** Checks out a fresh pack and answers the created payment. */
    protected Map<?, ?> checkout(String user, String priceId) {
        return checkout(user, Map.of("price_id", priceId, "provider", "stripe"), Api.unique("co"))
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    protected WebTestClient.ResponseSpec stripeWebhook(String payload) {
        return stripeWebhook(payload, SignedEvents.stripeHeader(payload, WEBHOOK_SECRET));
    }

    protected WebTestClient.ResponseSpec stripeWebhook(String payload, String signatureHeader) {
        var spec = client.post().uri("/webhooks/stripe").contentType(MediaType.APPLICATION_JSON);
        if (signatureHeader != null) {
            spec = spec.header("Stripe-Signature", signatureHeader);
        }
        return spec.bodyValue(payload).exchange();
    }

    protected String completed(String eventId, Map<?, ?> payment, String paymentStatus, String paymentIntent) {
        return SignedEvents.stripeEvent(
                eventId,
                "checkout.session.completed",
                SignedEvents.checkoutSession(
                        (String) payment.get("provider_ref"),
                        (String) payment.get("payment_id"),
                        paymentStatus,
                        paymentIntent,
                        ((Number) payment.get("amount_minor")).longValue(),
                        ((String) payment.get("currency")).toLowerCase()));
    }

    protected String sessionEvent(String eventId, String type, Map<?, ?> payment, String paymentIntent) {
        return SignedEvents.stripeEvent(
                eventId,
                type,
                SignedEvents.checkoutSession(
                        (String) payment.get("provider_ref"),
                        (String) payment.get("payment_id"),
                        type.endsWith("succeeded") ? "paid" : "unpaid",
                        paymentIntent,
                        ((Number) payment.get("amount_minor")).longValue(),
                        ((String) payment.get("currency")).toLowerCase()));
    }

    protected String inboxStatus(String eventId) {
        return jdbc
                .query("SELECT status FROM webhook_inbox WHERE event_id = ?", (rs, i) -> rs.getString(1), eventId)
                .stream()
                .findFirst()
                .orElse(null);
    }

    protected String paymentStatus(String paymentId) {
        return jdbc.queryForObject("SELECT status FROM payment WHERE payment_id = ?", String.class, paymentId);
    }

    protected long deposits(String user) {
        return api.eventsOfType(user, CreditsDeposited.class);
    }

    protected long paymentRows(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM payment WHERE user_id = ?", Long.class, user);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected void awaitInbox(String eventId, String status) {
        await("event " + eventId + " " + status, Duration.ofSeconds(15), () -> status.equals(inboxStatus(eventId)));
    }

    protected void awaitBalance(String user, long expected) {
        await(user + " balance " + expected, Duration.ofSeconds(15), () -> api.balance(user) == expected);
        assertThat(api.balance(user)).isEqualTo(expected);
    }
}
