package io.creditcast.command.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

@CommandServiceTest
class MeteringApiIT extends CommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String viewer;
    String session;

    @BeforeEach
    void setUp() {
        api = new Api(client, jdbc);
        viewer = Api.unique("viewer");
        String stream = api.createStream(Api.unique("creator"), "music");
        api.fund(viewer, 3);
        session = api.startSession(viewer, stream);
    }

    @Test
    void debits_every_interval_down_to_exactly_zero_then_refuses_the_next_with_402_and_writes_nothing() {
        for (long i = 0; i < 3; i++) {
            api.meter(viewer, session, i)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.remaining_credits")
                    .isEqualTo(2 - i)
                    .jsonPath("$.next_allowed_ms")
                    .isEqualTo((i + 1) * 10_000)
                    .jsonPath("$.replayed")
                    .isEqualTo(false);
        }
        long before = api.eventsOf(viewer);

        api.meter(viewer, session, 3)
                .expectStatus()
                .isEqualTo(HttpStatus.PAYMENT_REQUIRED)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/insufficient-credits")
                .jsonPath("$.balance_minor")
                .isEqualTo(0)
                .jsonPath("$.required_minor")
                .isEqualTo(1);

        assertThat(api.eventsOf(viewer)).isEqualTo(before);
        assertThat(api.balance(viewer)).isZero();
    }

    @Test
    void a_duplicate_ping_is_answered_again_without_a_second_debit() {
        api.meter(viewer, session, 0).expectStatus().isOk();
        api.meter(viewer, session, 0)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.replayed")
                .isEqualTo(true)
                .jsonPath("$.remaining_credits")
                .isEqualTo(2);

        assertThat(api.eventsOfType(viewer, IntervalDebited.class)).isEqualTo(1);
    }

    @Test
    void out_of_order_intervals_are_each_debited_exactly_once() {
        for (long i : new long[] {2, 0, 1, 2, 0}) {
            api.meter(viewer, session, i).expectStatus().isOk();
        }
        assertThat(api.eventsOfType(viewer, IntervalDebited.class)).isEqualTo(3);
        assertThat(api.balance(viewer)).isZero();
    }

    @Test
    void an_unknown_session_is_404_and_writes_nothing() {
        long before = api.eventsTotal();
        api.meter(viewer, "no-such-session", 0)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/unknown-session");
        assertThat(api.eventsTotal()).isEqualTo(before);
    }

    @Test
    void bad_pings_get_problem_json_naming_the_field_and_write_nothing() {
        long before = api.eventsTotal();
        expectField(Map.of("session_id", session, "interval_index", -1, "playback_ms", 0), "interval_index");
        expectField(Map.of("session_id", session, "interval_index", 8_640, "playback_ms", 0), "interval_index");
        expectField(Map.of("session_id", session, "playback_ms", 0), "interval_index");
        expectField(Map.of("session_id", "", "interval_index", 0, "playback_ms", 0), "session_id");
        expectField(
                "{\"session_id\":\"" + session + "\",\"interval_index\":\"zero\",\"playback_ms\":0}", "interval_index");
        expectField("{\"session_id\":\"" + session + "\",\"interval_index\":0,\"playback_ms\":0,\"extra\":1}", "extra");
        api.post(viewer, "viewer", "/api/v1/meter", "{not json", null)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType("application/problem+json");
        api.post(viewer, "viewer", "/api/v1/meter", "{\"session_id\":\"" + "x".repeat(20_000) + "\"}", null)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .contentType("application/problem+json");
        assertThat(api.eventsTotal()).isEqualTo(before);
    }

    @Test
    void the_last_allowed_interval_index_is_accepted() {
        api.meter(viewer, session, 8_639).expectStatus().isOk();
    }

    @Test
    void a_ping_without_a_user_is_401_problem_json() {
        client.post()
                .uri("/api/v1/meter")
                .bodyValue(Map.of("session_id", session, "interval_index", 0, "playback_ms", 0))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType("application/problem+json")
                .expectHeader()
                .exists("WWW-Authenticate");
    }

    private void expectField(Object body, String field) {
        api.post(viewer, "viewer", "/api/v1/meter", body, null)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
    }
}
