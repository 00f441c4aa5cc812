package io.creditcast.command.tip;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

@CommandServiceTest
class TipIdempotencyIT extends CommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String viewer;
    String creator;

    @BeforeEach
    void setUp() {
        api = new Api(client, jdbc);
        viewer = Api.unique("viewer");
        creator = Api.unique("creator");
        api.fund(viewer, 1_000);
    }

    @Test
    void a_tip_splits_the_platform_fee_in_the_same_posting() {
        api.post(viewer, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 100), "k1")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.fee_minor")
                .isEqualTo(30)
                .jsonPath("$.creator_share_minor")
                .isEqualTo(70)
                .jsonPath("$.balance_minor")
                .isEqualTo(900);
    }

    @Test
    void the_same_key_and_body_replays_the_first_answer_without_a_second_tip() {
        var body = Map.of("creator_id", creator, "amount_minor", 100);
        String first = tip(body, "same")
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        tip(body, "same")
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.replayed")
                .isEqualTo(true)
                .jsonPath("$.transaction_id")
                .isEqualTo(extract(first));
        assertThat(api.eventsOfType(viewer, TipSent.class)).isEqualTo(1);
        assertThat(api.balance(viewer)).isEqualTo(900);
    }

    @Test
    void the_same_key_with_another_body_is_422_and_changes_nothing() {
        tip(Map.of("creator_id", creator, "amount_minor", 100), "reused")
                .expectStatus()
                .isCreated();
        long before = api.eventsTotal();
        tip(Map.of("creator_id", creator, "amount_minor", 200), "reused")
                .expectStatus()
                .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/idempotency-key-reused")
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key");
        assertThat(api.eventsTotal()).isEqualTo(before);
    }

    @Test
    void ten_concurrent_duplicates_have_exactly_one_effect() throws Exception {
        var body = Map.of("creator_id", creator, "amount_minor", 10);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> tip(body, "concurrent")
                                .returnResult(String.class)
                                .getStatus()
                                .value(),
                        pool));
            }
            for (var c : calls) {
                assertThat(c.get()).isEqualTo(201);
            }
        }
        assertThat(api.eventsOfType(viewer, TipSent.class)).isEqualTo(1);
        assertThat(api.balance(viewer)).isEqualTo(990);
    }

    @Test
    void tips_without_a_key_or_with_bad_amounts_are_refused_and_write_nothing() {
        long before = api.eventsTotal();
        api.post(viewer, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 5), null)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/idempotency-key-missing");
        for (long amount : new long[] {0, -5, TipController.MAX_TIP_MINOR + 1}) {
            tip(Map.of("creator_id", creator, "amount_minor", amount), "bad-" + amount)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("amount_minor");
        }
        tip(Map.of("creator_id", creator, "amount_minor", 1_001), "too-much")
                .expectStatus()
                .isEqualTo(HttpStatus.PAYMENT_REQUIRED);
        tip(Map.of("creator_id", viewer, "amount_minor", 1), "self")
                .expectStatus()
                .isForbidden();
        assertThat(api.eventsTotal()).isEqualTo(before);
    }

    @Test
    void a_tip_of_the_whole_balance_is_allowed() {
        tip(Map.of("creator_id", creator, "amount_minor", 1_000), "all")
                .expectStatus()
                .isCreated();
        assertThat(api.balance(viewer)).isZero();
    }

    private WebTestClient.ResponseSpec tip(Object body, String key) {
        return api.post(viewer, "viewer", "/api/v1/tips", body, key).exchange();
    }

    private static String extract(String json) {
        int at = json.indexOf("\"transaction_id\":\"") + 18;
        return json.substring(at, json.indexOf('"', at));
    }
}
