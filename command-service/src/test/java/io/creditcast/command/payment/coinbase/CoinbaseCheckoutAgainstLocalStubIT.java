package io.creditcast.command.payment.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.payment.LocalProviderStub;
import io.creditcast.command.payment.LocalProvidersItBase;
import io.creditcast.command.payment.PaymentsItBase;
import io.creditcast.command.payment.SignedEvents;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** Crypto checkout through the Coinbase Commerce-shaped client against a local stub, then signed webhooks. */
@CommandServiceTest
class CoinbaseCheckoutAgainstLocalStubIT extends LocalProvidersItBase {
    static final String SHARED_SECRET = COINBASE_SHARED_SECRET;
    static final LocalProviderStub STUB = COINBASE_STUB;

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String user;
    Map<?, ?> payment;

    @BeforeEach
    void aPendingCryptoPayment() {
        api = new Api(client, jdbc);
        user = Api.unique("crypto-buyer");
        String priceId = (String) api.post(
                        "admin-1",
                        "admin",
                        "/api/v1/admin/prices",
                        Map.of(
                                "product_code",
                                Api.unique("cc").toLowerCase(),
                                "credits",
                                2_500,
                                "amount_minor",
                                2_500,
                                "currency",
                                "USD",
                                "active",
                                true),
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("price_id");
        payment = api.post(
                        user,
                        "viewer",
                        "/api/v1/payments/checkout",
                        Map.of("price_id", priceId, "provider", "coinbase"),
                        "k")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void a_crypto_checkout_creates_a_fixed_price_charge_and_a_confirmed_charge_deposits_once() {
        var sent = STUB.requestsTo("/charges").getLast();
        assertThat(sent.header("X-CC-Api-Key")).isEqualTo("cc_api_key_local");
        assertThat(sent.header("X-CC-Version")).isEqualTo("2018-03-22");
        var body = JsonMapper.builder().build().readTree(sent.body());
        assertThat(body.path("pricing_type").asString()).isEqualTo("fixed_price");
        assertThat(body.path("local_price").path("amount").asString()).isEqualTo("25.00");
        assertThat(body.path("local_price").path("currency").asString()).isEqualTo("USD");
        assertThat(body.path("metadata").path("payment_id").asString()).isEqualTo(payment.get("payment_id"));
        assertThat((String) payment.get("provider_ref")).startsWith("CB");
        assertThat(payment.get("status")).isEqualTo("PENDING");

        String event = SignedEvents.coinbaseEvent(
                Api.unique("ev"),
                "charge:confirmed",
                (String) payment.get("provider_ref"),
                (String) payment.get("payment_id"),
                "25.00",
                "USD");
        webhook(event, SignedEvents.hmac(event, SHARED_SECRET)).expectStatus().isOk();
        webhook(event, SignedEvents.hmac(event, SHARED_SECRET))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.duplicate")
                .isEqualTo(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (api.balance(user) != 2_500 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(api.balance(user)).isEqualTo(2_500);
        assertThat(api.eventsOfType(user, CreditsDeposited.class)).isEqualTo(1);
    }

    @Test
    void a_bad_or_missing_signature_is_400_and_stores_nothing() {
        String id = Api.unique("ev");
        String event = SignedEvents.coinbaseEvent(
                id,
                "charge:confirmed",
                (String) payment.get("provider_ref"),
                (String) payment.get("payment_id"),
                "25.00",
                "USD");
        webhook(event, SignedEvents.hmac(event, "wrong"))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/webhook-signature-invalid");
        webhook(event, null).expectStatus().isBadRequest();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook_inbox WHERE event_id = ?", Long.class, id))
                .isZero();
    }

    @Test
    void a_failed_charge_fails_the_payment() throws Exception {
        String id = Api.unique("ev");
        String event = SignedEvents.coinbaseEvent(
                id,
                "charge:failed",
                (String) payment.get("provider_ref"),
                (String) payment.get("payment_id"),
                "25.00",
                "USD");
        webhook(event, SignedEvents.hmac(event, SHARED_SECRET)).expectStatus().isOk();
        PaymentsItBase.await("payment failed", Duration.ofSeconds(15), () -> "FAILED"
                .equals(jdbc.queryForObject(
                        "SELECT status FROM payment WHERE payment_id = ?", String.class, payment.get("payment_id"))));
        assertThat(api.eventsOfType(user, CreditsDeposited.class)).isZero();
    }

    private WebTestClient.ResponseSpec webhook(String body, String signature) {
        var spec = client.post().uri("/webhooks/coinbase").contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            spec = spec.header("X-CC-Webhook-Signature", signature);
        }
        return spec.bodyValue(body).exchange();
    }
}
