package io.creditcast.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.payment.price.PriceController;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Checkout through stripe-java against a local HTTP stub that records the requests (no network). */
@CommandServiceTest
class CheckoutAgainstLocalStripeStubIT extends PaymentsItBase {
    private static final String PROBLEM = "https://creditcast.io/problems/";

    @Test
    void an_admin_puts_a_price_on_sale_and_anyone_can_list_it() {
        String code = Api.unique("pack").toLowerCase();
        String priceId = createPrice(code, 500, 499, "USD", true);
        client.get()
                .uri("/api/v1/prices")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.prices[?(@.price_id == '" + priceId + "')].credits")
                .isEqualTo(500)
                .jsonPath("$.fx_rates[?(@.currency == 'USD')].credits_per_major_unit")
                .isEqualTo(100);
        // credits derived from the FX table when omitted: 12.34 USD at 100 credits per dollar
        api.post(
                        "admin-1",
                        "admin",
                        "/api/v1/admin/prices",
                        Map.of("product_code", code + "-fx", "amount_minor", 1234, "currency", "USD", "active", true),
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.credits")
                .isEqualTo(1234);
    }

    @Test
    void only_admins_manage_prices_and_amounts_are_limited_at_and_past_the_limit() {
        var body = new HashMap<String, Object>(Map.of(
                "product_code",
                Api.unique("lim").toLowerCase(),
                "credits",
                10,
                "amount_minor",
                PriceController.MAX_PRICE_AMOUNT_MINOR,
                "currency",
                "USD",
                "active",
                true));
        api.post("viewer-x", "viewer", "/api/v1/admin/prices", body, null)
                .exchange()
                .expectStatus()
                .isForbidden();
        api.post("admin-1", "admin", "/api/v1/admin/prices", body, null)
                .exchange()
                .expectStatus()
                .isCreated();
        body.put("amount_minor", PriceController.MAX_PRICE_AMOUNT_MINOR + 1);
        api.post("admin-1", "admin", "/api/v1/admin/prices", body, null)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("amount_minor");
        body.put("amount_minor", 100);
        body.put("currency", "XTS");
        api.post("admin-1", "admin", "/api/v1/admin/prices", body, null)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEM + "unsupported-currency");
    }

    @Test
    void a_stripe_checkout_sends_a_card_and_bank_transfer_session_request_and_records_a_pending_payment() {
        String user = Api.unique("buyer");
        String priceId = createPrice(Api.unique("usd").toLowerCase(), 1_000, 999, "USD", true);
        int before = STUB.requestsTo("/v1/checkout/sessions").size();
        var payment = checkout(user, Map.of("price_id", priceId, "provider", "stripe"), "k-1")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(payment.get("status")).isEqualTo("PENDING");
        assertThat((String) payment.get("provider_ref")).startsWith("cs_test_");
        assertThat((String) payment.get("checkout_url")).contains((String) payment.get("provider_ref"));
        assertThat(payment.get("credits")).isEqualTo(1_000);

        var sent = STUB.requestsTo("/v1/checkout/sessions");
        assertThat(sent).hasSize(before + 1);
        var request = sent.get(sent.size() - 1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk_test_local_stub");
        assertThat(request.header("Idempotency-Key")).isEqualTo("creditcast-checkout-" + payment.get("payment_id"));
        var form = request.form();
        assertThat(form)
                .containsEntry("mode", "payment")
                .containsEntry("payment_method_types[0]", "card")
                .containsEntry("payment_method_types[1]", "customer_balance")
                .containsEntry("payment_method_options[customer_balance][funding_type]", "bank_transfer")
                .containsEntry("payment_method_options[customer_balance][bank_transfer][type]", "us_bank_transfer")
                .containsEntry("customer_creation", "always")
                .containsEntry("line_items[0][quantity]", "1")
                .containsEntry("line_items[0][price_data][unit_amount]", "999")
                .containsEntry("line_items[0][price_data][currency]", "usd")
                .containsEntry("client_reference_id", (String) payment.get("payment_id"))
                .containsEntry("metadata[payment_id]", (String) payment.get("payment_id"))
                .containsEntry("metadata[user_id]", user)
                .containsEntry("payment_intent_data[metadata][payment_id]", (String) payment.get("payment_id"));
        assertThat(form.get("success_url")).contains((String) payment.get("payment_id"));
        assertThat(form).containsKey("cancel_url");
        assertThat(paymentStatus((String) payment.get("payment_id"))).isEqualTo("PENDING");
    }

    @Test
    void a_currency_without_bank_transfers_offers_cards_only() {
        api.post(
                        "admin-1",
                        "admin",
                        "/api/v1/admin/fx-rates/CHF",
                        Map.of("credits_per_major_unit", 110, "minor_digits", 2),
                        null)
                .exchange()
                .expectStatus()
                .is4xxClientError(); // PUT, not POST
        client.put()
                .uri("/api/v1/admin/fx-rates/CHF")
                .header("X-Creditcast-User", "admin-1")
                .header("X-Creditcast-Roles", "admin")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("credits_per_major_unit", 110, "minor_digits", 2))
                .exchange()
                .expectStatus()
                .isOk();
        String priceId = createPrice(Api.unique("chf").toLowerCase(), 550, 500, "CHF", true);
        checkout(Api.unique("buyer"), priceId);
        var form = STUB.requestsTo("/v1/checkout/sessions").getLast().form();
        assertThat(form).containsEntry("payment_method_types[0]", "card").doesNotContainKey("payment_method_types[1]");
        assertThat(form).containsEntry("line_items[0][price_data][currency]", "chf");
    }

    @Test
    void the_same_key_replays_the_same_checkout_and_another_request_with_it_is_422() {
        String user = Api.unique("buyer");
        String priceId = createPrice(Api.unique("rep").toLowerCase(), 100, 100, "USD", true);
        String other = createPrice(Api.unique("rep2").toLowerCase(), 200, 200, "USD", true);
        var first = checkout(user, Map.of("price_id", priceId, "provider", "stripe"), "same")
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        int calls = STUB.requestsTo("/v1/checkout/sessions").size();
        checkout(user, Map.of("price_id", priceId, "provider", "stripe"), "same")
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.payment_id")
                .isEqualTo(first.get("payment_id"))
                .jsonPath("$.replayed")
                .isEqualTo(true);
        assertThat(STUB.requestsTo("/v1/checkout/sessions")).hasSize(calls);
        checkout(user, Map.of("price_id", other, "provider", "stripe"), "same")
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEM + "idempotency-key-reused");
        assertThat(paymentRows(user)).isEqualTo(1);
    }

    @Test
    void bad_checkouts_are_problem_json_4xx_and_record_no_payment() {
        String user = Api.unique("buyer");
        String active = createPrice(Api.unique("ok").toLowerCase(), 100, 100, "USD", true);
        String inactive = createPrice(Api.unique("off").toLowerCase(), 100, 100, "USD", false);
        record Case(Object body, String key, HttpStatus status, String type) {}
        var cases = List.of(
                new Case(
                        Map.of("price_id", "price_nope", "provider", "stripe"),
                        "a",
                        HttpStatus.NOT_FOUND,
                        "unknown-price"),
                new Case(
                        Map.of("price_id", inactive, "provider", "stripe"),
                        "b",
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "price-inactive"),
                new Case(
                        Map.of("price_id", active, "provider", "stripe", "currency", "EUR"),
                        "c",
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "currency-mismatch"),
                new Case(
                        Map.of("price_id", active, "provider", "coinbase"),
                        "d",
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "provider-not-enabled"),
                new Case(
                        Map.of("price_id", active, "provider", "sandbox"),
                        "d2",
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "provider-not-enabled"), // never with real Stripe keys
                new Case(Map.of("price_id", active, "provider", "paypal"), "e", HttpStatus.BAD_REQUEST, "validation"),
                new Case(Map.of("price_id", active), "f", HttpStatus.BAD_REQUEST, "validation"),
                new Case(
                        Map.of("price_id", active, "provider", "stripe", "extra", 1),
                        "g",
                        HttpStatus.BAD_REQUEST,
                        "malformed-body"), // unknown fields are refused
                new Case(
                        "{\"price_id\":",
                        "h",
                        HttpStatus.BAD_REQUEST,
                        "validation"), // truncated JSON: the shared handler says validation
                new Case(
                        Map.of("price_id", active, "provider", "stripe"),
                        null,
                        HttpStatus.BAD_REQUEST,
                        "idempotency-key-missing"));
        for (Case c : cases) {
            var result = checkout(user, c.body(), c.key())
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(Map.class)
                    .returnResult();
            assertThat(result.getStatus()).as(c.toString()).isEqualTo(c.status());
            assertThat(result.getResponseBody().get("type")).as(c.toString()).isEqualTo(PROBLEM + c.type());
        }
        assertThat(paymentRows(user)).isZero();
    }

    @Test
    void a_provider_failure_is_502_and_records_no_payment() {
        String user = Api.unique("buyer");
        String priceId = createPrice(Api.unique("fail").toLowerCase(), 100, 100, "USD", true);
        STUB.failNextWith(400);
        checkout(user, Map.of("price_id", priceId, "provider", "stripe"), "k")
                .expectStatus()
                .isEqualTo(HttpStatus.BAD_GATEWAY)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEM + "provider-unavailable");
        assertThat(paymentRows(user)).isZero();
    }

    @Test
    void a_viewer_lists_own_payments_with_a_cursor_and_the_page_size_is_capped() {
        String user = Api.unique("buyer");
        String priceId = createPrice(Api.unique("page").toLowerCase(), 100, 100, "USD", true);
        for (int i = 0; i < 3; i++) {
            checkout(user, priceId);
        }
        checkout(Api.unique("someone-else"), priceId);
        var first = list(user, "/api/v1/payments?limit=2");
        assertThat((List<?>) first.get("items")).hasSize(2);
        var second = list(user, "/api/v1/payments?limit=2&cursor=" + first.get("next_cursor"));
        assertThat((List<?>) second.get("items")).hasSize(1);
        assertThat(second.get("next_cursor")).isNull();

        list(user, "/api/v1/payments?limit=100"); // exactly the cap
        for (String bad : List.of("limit=101", "limit=0", "cursor=xyz")) {
            client.get()
                    .uri("/api/v1/payments?" + bad)
                    .header("X-Creditcast-User", user)
                    .header("X-Creditcast-Roles", "viewer")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo(PROBLEM + "validation");
        }
        client.get()
                .uri("/api/v1/admin/payments")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    private Map<?, ?> list(String user, String uri) {
        return client.get()
                .uri(uri)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }
}
