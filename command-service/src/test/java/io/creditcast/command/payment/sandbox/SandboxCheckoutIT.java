package io.creditcast.command.payment.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.payment.LocalProvidersItBase;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Without Stripe keys, the local sandbox completes a checkout through the same signed webhook path. */
@CommandServiceTest
class SandboxCheckoutIT extends LocalProvidersItBase {
    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_new_user_buys_credits_in_the_sandbox_and_only_their_own_checkout_can_be_completed() {
        client = client.mutate()
                .responseTimeout(java.time.Duration.ofSeconds(30))
                .build();
        Api api = new Api(client, jdbc);
        String user = Api.unique("demo-buyer");
        String priceId = (String) api.post(
                        "admin-1",
                        "admin",
                        "/api/v1/admin/prices",
                        Map.of(
                                "product_code",
                                Api.unique("sbx").toLowerCase(),
                                "credits",
                                300,
                                "amount_minor",
                                300,
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
        Map<?, ?> payment = api.post(
                        user,
                        "viewer",
                        "/api/v1/payments/checkout",
                        Map.of("price_id", priceId, "provider", "sandbox"),
                        "k")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String completeUrl = (String) payment.get("checkout_url");
        assertThat(completeUrl).isEqualTo("/api/v1/payments/sandbox/" + payment.get("payment_id") + "/complete");

        api.post("someone-else", "viewer", completeUrl, "{}", null)
                .exchange()
                .expectStatus()
                .isNotFound();
        api.post(user, "viewer", completeUrl, "{}", null)
                .exchange()
                .expectStatus()
                .isOk();
        api.post(user, "viewer", completeUrl, "{}", null)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.duplicate")
                .isEqualTo(true);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (api.balance(user) != 300 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(api.balance(user)).isEqualTo(300);
        assertThat(api.eventsOfType(user, CreditsDeposited.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT provider FROM webhook_inbox WHERE event_id = ?",
                        String.class,
                        "evt_sandbox_" + payment.get("payment_id")))
                .isEqualTo("sandbox");
    }
}
