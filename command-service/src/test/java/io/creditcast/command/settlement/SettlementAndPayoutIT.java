package io.creditcast.command.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.earnings.EarningsEvent.EarningsSettled;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

@CommandServiceTest
class SettlementAndPayoutIT extends CommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SettlementJob settlement;

    @Test
    void many_viewer_debits_reach_a_creator_in_one_settlement_event_and_can_be_paid_out_with_two_approvals() {
        Api api = new Api(client, jdbc);
        String creator = Api.unique("creator");
        String stream = api.createStream(creator, "music");
        for (int v = 0; v < 5; v++) {
            String viewer = Api.unique("viewer");
            api.fund(viewer, 100);
            String session = api.startSession(viewer, stream);
            for (int i = 0; i < 20; i++) {
                api.meter(viewer, session, i).expectStatus().isOk();
            }
            api.post(viewer, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 50), "tip-" + v)
                    .exchange()
                    .expectStatus()
                    .isCreated();
        }
        // the first tick only observes the index; the second settles everything observed by the first
        settlement.settleOnce();
        settlement.settleOnce();
        settlement.settleOnce(); // nothing new: no further effect

        // 100 debits of 1 credit: creator gets 70 (fee 30 at settlement); 5 tips of 50: 35 each after the fee
        long expected = 70 + 5 * 35;
        assertThat(api.eventsOfType(creator, EarningsSettled.class)).isEqualTo(1);
        earnings(creator)
                .jsonPath("$.balance_minor")
                .isEqualTo(expected)
                .jsonPath("$.available_minor")
                .isEqualTo(expected);

        String payoutId =
                (String) api.post(creator, "creator", "/api/v1/payouts", Map.of("amount_minor", expected), "po-1")
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("payout_id");
        earnings(creator)
                .jsonPath("$.held_minor")
                .isEqualTo(expected)
                .jsonPath("$.available_minor")
                .isEqualTo(0);
        api.post(creator, "creator", "/api/v1/payouts", Map.of("amount_minor", 1), "po-2")
                .exchange()
                .expectStatus()
                .isEqualTo(422);

        // above the threshold? 245 is below the default 100000, so one approval suffices
        api.post("admin-a", "admin", "/api/v1/admin/payouts/" + payoutId + "/approve", "{}", "ap-1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("APPROVED");
        api.post(
                        "admin-a",
                        "admin",
                        "/api/v1/admin/payouts/" + payoutId + "/complete",
                        Map.of("provider_reference", "tr_1"),
                        "c-1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("COMPLETED");
        earnings(creator)
                .jsonPath("$.balance_minor")
                .isEqualTo(0)
                .jsonPath("$.held_minor")
                .isEqualTo(0);
    }

    @Test
    void a_creator_cannot_approve_and_a_viewer_cannot_reach_admin_routes() {
        Api api = new Api(client, jdbc);
        api.post("someone", "viewer", "/api/v1/admin/payouts/x~y/approve", "{}", "k")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType("application/problem+json");
    }

    private WebTestClient.BodyContentSpec earnings(String creator) {
        return client.get()
                .uri("/api/v1/creators/me/earnings")
                .header("X-Creditcast-User", creator)
                .header("X-Creditcast-Roles", "creator")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }
}
