package io.creditcast.command.support;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Talks to the running service as a given user, and reads the event store to prove what was written. */
public record Api(WebTestClient client, JdbcTemplate jdbc) {

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public WebTestClient.RequestHeadersSpec<?> post(String user, String roles, String path, Object body, String key) {
        var spec = client.post()
                .uri(path)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            spec = spec.header("Idempotency-Key", key);
        }
        return body instanceof String s ? spec.bodyValue(s) : spec.bodyValue(body);
    }

    public void fund(String user, long credits) {
        post(
                        "admin-1",
                        "admin",
                        "/api/v1/admin/wallets/" + user + "/adjustments",
                        Map.of("amount_minor", credits, "reason", "test funding"),
                        unique("fund"))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    public String createStream(String creator, String category) {
        return (String)
                post(creator, "creator", "/api/v1/streams", Map.of("title", "Test stream", "category", category), null)
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(Map.class)
                        .returnResult()
                        .getResponseBody()
                        .get("stream_id");
    }

    public String startSession(String viewer, String streamId) {
        return (String) post(viewer, "viewer", "/api/v1/viewing-sessions", Map.of("stream_id", streamId), null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("session_id");
    }

    public WebTestClient.ResponseSpec meter(String viewer, String sessionId, long intervalIndex) {
        return post(
                        viewer,
                        "viewer",
                        "/api/v1/meter",
                        Map.of(
                                "session_id",
                                sessionId,
                                "interval_index",
                                intervalIndex,
                                "playback_ms",
                                intervalIndex * 10_000),
                        null)
                .exchange();
    }

    public long balance(String user) {
        Map<?, ?> body = client.get()
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

    /** Events stored for one aggregate (e.g. a wallet: its user id). */
    public long eventsOf(String aggregateId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, aggregateId);
    }

    public long eventsTotal() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    public long eventsOfType(String aggregateId, Class<?> type) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?",
                Long.class,
                aggregateId,
                type.getName());
    }
}
