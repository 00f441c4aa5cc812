package io.creditcast.command.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Go-live status with health: the worker's HEALTH samples of the live session, read back by the creator. */
@CommandServiceTest
class IngestHealthIT extends CommandServiceTest.Base {
    static final String INTERNAL = "/api/v1/internal/media";

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String creator;
    String streamId;

    @BeforeEach
    void setUp() {
        api = new Api(client, jdbc);
        creator = Api.unique("creator");
        streamId = api.createStream(creator, "music");
    }

    WebTestClient.ResponseSpec fact(Map<String, Object> fact) {
        return api.post("media-worker", "service", INTERNAL + "/streams/" + streamId + "/facts", fact, null)
                .exchange();
    }

    static Map<String, Object> health(String session, long bitrateKbps) {
        Map<String, Object> f = new HashMap<>();
        f.put("type", "HEALTH");
        f.put("ingest_session_id", session);
        f.put("publisher_connected", true);
        f.put("input_bitrate_kbps", bitrateKbps);
        f.put("encoder_fps", 29.97);
        f.put("encoder_speed", 1.01);
        f.put("encoder_restarts", 1);
        return f;
    }

    WebTestClient.ResponseSpec read(String user, String roles) {
        return client.get()
                .uri("/api/v1/streams/" + streamId + "/ingest-health")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
                .exchange();
    }

    @Test
    void the_creator_sees_status_audience_and_the_latest_sample_of_the_live_session() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"))
                .expectStatus()
                .isOk();
        read(creator, "creator")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("LIVE")
                .jsonPath("$.live_since")
                .exists()
                .jsonPath("$.health")
                .isEmpty();

        fact(health("s1", 2_500)).expectStatus().isOk();
        fact(Map.of("type", "AUDIENCE", "viewers", 3)).expectStatus().isOk();
        read(creator, "creator")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ingest_session_id")
                .isEqualTo("s1")
                .jsonPath("$.viewers")
                .isEqualTo(3)
                .jsonPath("$.health.publisher_connected")
                .isEqualTo(true)
                .jsonPath("$.health.input_bitrate_kbps")
                .isEqualTo(2_500)
                .jsonPath("$.health.encoder_fps")
                .isEqualTo(29.97)
                .jsonPath("$.health.encoder_speed")
                .isEqualTo(1.01)
                .jsonPath("$.health.encoder_restarts")
                .isEqualTo(1)
                .jsonPath("$.health.stale")
                .isEqualTo(false)
                .jsonPath("$.health.age_ms")
                .exists();
        read("mod-1", "moderator").expectStatus().isOk();
        read("admin-1", "admin").expectStatus().isOk();
        read(Api.unique("other"), "creator").expectStatus().isForbidden();
        read(Api.unique("viewer"), "viewer").expectStatus().isForbidden();
    }

    @Test
    void a_sample_of_another_session_or_after_the_end_is_409_and_the_end_hides_the_last_sample() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"))
                .expectStatus()
                .isOk();
        fact(health("s1", 1_000)).expectStatus().isOk();
        fact(health("s2", 1_000))
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .contentType("application/problem+json");
        fact(Map.of("type", "ENDED", "ingest_session_id", "s1")).expectStatus().isOk();
        fact(health("s1", 1_000)).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        read(creator, "creator")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ENDED")
                .jsonPath("$.health")
                .isEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT ingest_session_id FROM stream_ingest_health WHERE stream_id = ?",
                        String.class,
                        streamId))
                .isEqualTo("s1");
    }

    @Test
    void the_bitrate_is_accepted_at_its_limit_and_refused_one_past_it_naming_the_field() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"))
                .expectStatus()
                .isOk();
        fact(health("s1", MediaFactsController.MAX_INPUT_BITRATE_KBPS))
                .expectStatus()
                .isOk();
        fact(health("s1", MediaFactsController.MAX_INPUT_BITRATE_KBPS + 1))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("input_bitrate_kbps");
        Map<String, Object> noConnected = health("s1", 1);
        noConnected.remove("publisher_connected");
        fact(noConnected)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("publisher_connected");
        // measured values may be absent (no encoder progress yet)
        Map<String, Object> partial = health("s1", 1);
        partial.remove("encoder_fps");
        partial.remove("encoder_speed");
        partial.remove("input_bitrate_kbps");
        fact(partial).expectStatus().isOk();
        read(creator, "creator")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.health.encoder_fps")
                .isEmpty()
                .jsonPath("$.health.input_bitrate_kbps")
                .isEmpty();
    }
}
