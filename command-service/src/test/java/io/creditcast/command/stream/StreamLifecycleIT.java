package io.creditcast.command.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The stream lifecycle over HTTP against a real PostgreSQL event store, as the media worker drives it. */
@CommandServiceTest
class StreamLifecycleIT extends CommandServiceTest.Base {
    static final String INTERNAL = "/api/v1/internal/media";

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String creator;
    String streamId;
    String streamKey;

    @BeforeEach
    void aCreatorSchedulesAMeteredStream() {
        // the first command after startup can take seconds on a loaded 2-core machine
        client = client.mutate()
                .responseTimeout(java.time.Duration.ofSeconds(30))
                .build();
        api = new Api(client, jdbc);
        creator = Api.unique("creator");
        Map<?, ?> body = api.post(
                        creator,
                        "creator",
                        "/api/v1/streams",
                        Map.of(
                                "title", "Late show",
                                "category", "music",
                                "description", "piano",
                                "tags", java.util.List.of("jazz", "live"),
                                "language", "pt-BR",
                                "access_policy", "METERED"),
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        streamId = (String) body.get("stream_id");
        assertThat(body.get("status")).isEqualTo("SCHEDULED");
        Map<?, ?> ingest = (Map<?, ?>) body.get("ingest");
        streamKey = (String) ingest.get("stream_key");
        assertThat(streamKey).startsWith(streamId + ".");
        assertThat(ingest.get("rtmp_url")).isEqualTo("rtmp://localhost:1935/live");
    }

    WebTestClient.ResponseSpec authorize(String key) {
        return api.post(
                        "media-worker",
                        "service",
                        INTERNAL + "/ingest-authorizations",
                        Map.of("stream_key", key, "protocol", "RTMP"),
                        null)
                .exchange();
    }

    WebTestClient.ResponseSpec fact(Map<String, Object> fact) {
        return api.post("media-worker", "service", INTERNAL + "/streams/" + streamId + "/facts", fact, null)
                .exchange();
    }

    @Test
    void onlyTheHashOfTheKeyIsStoredAndTheKeyIsAuthorizedAtConnect() {
        Integer plain = jdbc.queryForObject(
                "select count(*) from domainevententry where convert_from(payload, 'UTF8') like ?",
                Integer.class,
                "%" + streamKey.substring(streamId.length() + 1) + "%");
        assertThat(plain).isZero();
        authorize(streamKey)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.stream_id")
                .isEqualTo(streamId)
                .jsonPath("$.access_policy")
                .isEqualTo("METERED");
    }

    @Test
    void anUnknownKeyAndGarbageAreRefusedWithProblemJson() {
        authorize(streamId + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/not-allowed");
        authorize("nonsense").expectStatus().isForbidden();
    }

    @Test
    void aRotatedKeyRevokesTheOldOne() {
        Map<?, ?> rotated = api.post(creator, "creator", "/api/v1/streams/" + streamId + "/key-rotations", "{}", null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(rotated.get("key_version")).isEqualTo(2);
        authorize(streamKey).expectStatus().isForbidden();
        authorize((String) rotated.get("stream_key")).expectStatus().isOk();
        api.post("someone-else", "creator", "/api/v1/streams/" + streamId + "/key-rotations", "{}", null)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void mediaFactsDriveScheduledLivePausedLiveEndedAndTheKeyOfAnEndedStreamIsRefused() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("LIVE");
        fact(Map.of("type", "AUDIENCE", "viewers", 3)).expectStatus().isOk();
        fact(Map.of("type", "INGEST_LOST", "ingest_session_id", "s1"))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PAUSED");
        authorize(streamKey).expectBody().jsonPath("$.resume_session_id").isEqualTo("s1");
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("LIVE");
        fact(Map.of("type", "ENDED", "ingest_session_id", "s1"))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ENDED");
        fact(Map.of("type", "ENDED", "ingest_session_id", "s1")).expectStatus().isOk(); // retried: no-op
        fact(Map.of("type", "RECORDING_READY", "ingest_session_id", "s1", "duration_ms", 4_000))
                .expectStatus()
                .isOk();
        authorize(streamKey).expectStatus().isForbidden();
        assertThat(jdbc.queryForList(
                        "select payloadtype from domainevententry where aggregateidentifier = ? order by sequencenumber",
                        String.class,
                        streamId))
                .extracting(t -> t.substring(t.lastIndexOf('$') + 1))
                .containsExactly(
                        "StreamCreated",
                        "StreamScheduled",
                        "StreamKeyIssued",
                        "StreamWentLive",
                        "AudienceMeasured",
                        "StreamPaused",
                        "StreamResumed",
                        "StreamEnded",
                        "RecordingReady");
    }

    @Test
    void aRelayIsALiveSessionWhoseListenersAreRecordedAsAudience() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "relay-1", "protocol", "RELAY"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("LIVE")
                .jsonPath("$.ingest_session_id")
                .isEqualTo("relay-1"); // the worker refuses a relay on a stream live from another session
        fact(Map.of("type", "AUDIENCE", "viewers", 0, "listeners", 2))
                .expectStatus()
                .isOk();
        assertThat(jdbc.queryForObject(
                        "select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier = ?"
                                + " and payloadtype like '%AudienceMeasured'",
                        String.class, streamId))
                .contains("\"listeners\":2", "\"viewers\":0");
        fact(Map.of("type", "ENDED", "ingest_session_id", "relay-1"))
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ENDED");
    }

    @Test
    void aFactWithoutItsFieldsIsAProblemAndOnlyTheServiceRoleMayReportFacts() {
        fact(Map.of("type", "WENT_LIVE")).expectStatus().isBadRequest();
        api.post(creator, "creator", INTERNAL + "/streams/" + streamId + "/facts", Map.of("type", "ENDED"), null)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aModeratorTakesTheStreamDownWithAReasonAndIngestIsRefusedAfterwards() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"))
                .expectStatus()
                .isOk();
        api.post(creator, "creator", "/api/v1/streams/" + streamId + "/takedown", Map.of("reason", "mine"), null)
                .exchange()
                .expectStatus()
                .isForbidden();
        api.post("mod-1", "moderator", "/api/v1/streams/" + streamId + "/takedown", Map.of("reason", "spam"), null)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.actor_role")
                .isEqualTo("moderator");
        client.get()
                .uri(INTERNAL + "/streams/" + streamId)
                .header("X-Creditcast-User", "media-worker")
                .header("X-Creditcast-Roles", "service")
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("TAKEN_DOWN")
                .jsonPath("$.creator_id")
                .isEqualTo(creator) // the worker lets only the creator (or an admin) relay into the stream
                .jsonPath("$.ingest_session_id")
                .isEqualTo("s1");
        authorize(streamKey).expectStatus().isForbidden();
        String payload = jdbc.queryForObject(
                "select convert_from(payload, 'UTF8') from domainevententry where aggregateidentifier = ? and payloadtype like '%StreamTakenDown'",
                String.class, streamId);
        assertThat(payload).contains("mod-1", "moderator", "spam", "LIVE");
    }

    @Test
    void tagsAndTakedownReasonsAreAcceptedAtTheirLimitAndRefusedOnePast() {
        List<String> tenTags =
                java.util.stream.IntStream.range(0, 10).mapToObj(i -> "t" + i).toList();
        List<String> elevenTags =
                java.util.stream.IntStream.range(0, 11).mapToObj(i -> "t" + i).toList();
        api.post(
                        creator,
                        "creator",
                        "/api/v1/streams",
                        Map.of("title", "t", "category", "music", "tags", tenTags),
                        null)
                .exchange()
                .expectStatus()
                .isCreated();
        api.post(
                        creator,
                        "creator",
                        "/api/v1/streams",
                        Map.of("title", "t", "category", "music", "tags", elevenTags),
                        null)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType("application/problem+json");
        api.post(
                        "mod-1",
                        "moderator",
                        "/api/v1/streams/" + streamId + "/takedown",
                        Map.of("reason", "x".repeat(501)),
                        null)
                .exchange()
                .expectStatus()
                .isBadRequest();
        api.post(
                        "mod-1",
                        "moderator",
                        "/api/v1/streams/" + streamId + "/takedown",
                        Map.of("reason", "x".repeat(500)),
                        null)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void anUnknownStreamIsAProblem() {
        client.get()
                .uri("/api/v1/streams/no-such-stream")
                .header("X-Creditcast-User", "viewer-1")
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType("application/problem+json");
    }
}
