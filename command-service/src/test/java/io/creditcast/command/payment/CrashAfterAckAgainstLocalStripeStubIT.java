package io.creditcast.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.CommandServiceApplication;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import io.creditcast.testsupport.SharedPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service acknowledges a webhook and dies before processing it (here: an instance whose inbox
 * processing is off, then stopped). A new instance on the same database processes the stored event at
 * start: exactly one deposit, and a redelivery afterwards is recognised as a duplicate.
 */
class CrashAfterAckAgainstLocalStripeStubIT {
    private static final LocalProviderStub STUB = new LocalProviderStub();
    private final String url = SharedPostgres.newDatabase("payments_crash_it");

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void an_event_acknowledged_before_a_crash_is_processed_once_after_the_restart() {
        String user = "crash-buyer";
        String event;
        String paymentId;
        try (var app = start(false)) {
            WebTestClient c = client(app);
            String priceId = (String) post(
                            c,
                            "admin-1",
                            "admin",
                            "/api/v1/admin/prices",
                            Map.of(
                                    "product_code",
                                    "crash-pack",
                                    "credits",
                                    700,
                                    "amount_minor",
                                    700,
                                    "currency",
                                    "USD",
                                    "active",
                                    true),
                            null)
                    .get("price_id");
            Map<?, ?> payment = post(
                    c,
                    user,
                    "viewer",
                    "/api/v1/payments/checkout",
                    Map.of("price_id", priceId, "provider", "stripe"),
                    "crash-key");
            paymentId = (String) payment.get("payment_id");
            event = SignedEvents.stripeEvent(
                    "evt_crash_1",
                    "checkout.session.completed",
                    SignedEvents.checkoutSession(
                            (String) payment.get("provider_ref"), paymentId, "paid", "pi_crash", 700, "usd"));
            assertThat(webhook(c, event).get("duplicate")).isEqualTo(false);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject(
                            "SELECT status FROM webhook_inbox WHERE event_id = 'evt_crash_1'", String.class))
                    .isEqualTo("RECEIVED");
            assertThat(deposits(jdbc, user)).isZero();
        } // the "crash": the 2xx was sent, nothing was processed

        try (var app = start(true)) {
            WebTestClient c = client(app);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            PaymentsItBase.await(
                    "the stored event processed after the restart", Duration.ofSeconds(20), () -> "PROCESSED"
                            .equals(jdbc.queryForObject(
                                    "SELECT status FROM webhook_inbox WHERE event_id = 'evt_crash_1'", String.class)));
            assertThat(deposits(jdbc, user)).isEqualTo(1);
            assertThat(balance(c, user)).isEqualTo(700);
            // the provider retries the delivery it may think was lost: recognised, no second deposit
            assertThat(webhook(c, event).get("duplicate")).isEqualTo(true);
            assertThat(deposits(jdbc, user)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT status FROM payment WHERE payment_id = ?", String.class, paymentId))
                    .isEqualTo("SUCCEEDED");
        }
    }

    private ConfigurableApplicationContext start(boolean processInbox) {
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--creditcast.settlement.enabled=false",
                        "--creditcast.security.mode=dev-headers",
                        "--creditcast.payments.stripe.secret-key=sk_test_local_stub",
                        "--creditcast.payments.stripe.webhook-secret=" + PaymentsItBase.WEBHOOK_SECRET,
                        "--creditcast.payments.stripe.api-base=" + STUB.baseUrl(),
                        "--creditcast.payments.inbox.enabled=" + processInbox,
                        "--creditcast.payments.inbox.poll-interval-ms=100",
                        "--logging.level.root=WARN");
    }

    private static long deposits(JdbcTemplate jdbc, String user) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?",
                Long.class,
                user,
                CreditsDeposited.class.getName());
    }

    private static WebTestClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static Map<?, ?> webhook(WebTestClient c, String event) {
        return c.post()
                .uri("/webhooks/stripe")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Stripe-Signature", SignedEvents.stripeHeader(event, PaymentsItBase.WEBHOOK_SECRET))
                .bodyValue(event)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static Map<?, ?> post(WebTestClient c, String user, String roles, String path, Object body, String key) {
        var spec = c.post()
                .uri(path)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return spec.bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static long balance(WebTestClient c, String user) {
        Map<?, ?> body = c.get()
                .uri("/api/v1/wallet")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("balance_minor")).longValue();
    }
}
