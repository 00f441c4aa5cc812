package io.creditcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The slice of the command service's HTTP API the metering benchmark uses. Until identity lands, the acting
 * user travels in the dev headers {@code X-Creditcast-User} and {@code X-Creditcast-Roles}.
 */
final class MeteringApi {

    static final String USER_HEADER = "X-Creditcast-User";
    static final String ROLES_HEADER = "X-Creditcast-Roles";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String ADMIN_USER_ID = "bench-admin";
    static final String METER_PATH = "/api/v1/meter";
    static final int MAX_ERROR_BODY_CHARS = 500;
    /** Used when a viewing session answer carries no {@code interval_ms}: the default rate is 1 credit / 10 s. */
    static final long DEFAULT_INTERVAL_MS = 10_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI baseUrl;
    private final Duration requestTimeout;

    MeteringApi(URI baseUrl, Duration requestTimeout, Executor executor) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .executor(executor)
                .build();
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
    }

    /** {@code POST /api/v1/admin/wallets/{userId}/adjustments} as admin; expects 201. */
    CompletableFuture<JsonNode> seedWallet(String userId, long amountMinor) {
        String body = json(Map.of("amount_minor", amountMinor, "reason", "benchmark seed"));
        HttpRequest request = post("/api/v1/admin/wallets/" + userId + "/adjustments", ADMIN_USER_ID, "admin", body)
                .header(IDEMPOTENCY_HEADER, "bench-seed-" + UUID.randomUUID())
                .build();
        return sendExpecting(request, 201, "seed wallet of " + userId);
    }

    /** {@code POST /api/v1/streams} as the creator; expects 201 with {@code stream_id}. */
    CompletableFuture<String> startStream(String creatorId, String title) {
        String body = json(Map.of("title", title, "category", "music"));
        HttpRequest request =
                post("/api/v1/streams", creatorId, "creator", body).build();
        return sendExpecting(request, 201, "create stream of " + creatorId)
                .thenApply(node -> requiredText(node, "stream_id", "create stream"));
    }

    /** {@code POST /api/v1/viewing-sessions} as the viewer; expects 201 with {@code session_id}. */
    CompletableFuture<Viewer> openViewingSession(String viewerId, String streamId) {
        String body = json(Map.of("stream_id", streamId));
        HttpRequest request =
                post("/api/v1/viewing-sessions", viewerId, "viewer", body).build();
        return sendExpecting(request, 201, "open viewing session of " + viewerId)
                .thenApply(node -> Viewer.of(
                        viewerId,
                        requiredText(node, "session_id", "open viewing session"),
                        node.path("interval_ms").asLong(DEFAULT_INTERVAL_MS)));
    }

    /** The request target of {@code POST /api/v1/meter}, for {@link HttpConnection}. */
    String meterPath() {
        String prefix = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        return prefix + METER_PATH;
    }

    /** The body of {@code POST /api/v1/meter}, built by hand from the pre-escaped session id (hot path). */
    static String meterBody(Viewer viewer, long intervalIndex) {
        return "{\"session_id\":" + viewer.sessionIdJson() + ",\"interval_index\":" + intervalIndex
                + ",\"playback_ms\":" + (intervalIndex * viewer.intervalMs()) + "}";
    }

    /** {@code GET /api/v1/admin/event-store/stats} as admin. */
    CompletableFuture<EventStoreStats> eventStoreStats() {
        HttpRequest request = HttpRequest.newBuilder(resolve("/api/v1/admin/event-store/stats"))
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header(USER_HEADER, ADMIN_USER_ID)
                .header(ROLES_HEADER, "admin")
                .GET()
                .build();
        return sendExpecting(request, 200, "read event store stats")
                .thenApply(node -> new EventStoreStats(
                        requiredLong(node, "events_total", "event store stats"),
                        requiredLong(node, "max_global_index", "event store stats")));
    }

    /** Whether a 2xx meter answer says {@code "replayed": true} (a retry of an interval already debited). */
    static boolean isReplayed(String body) {
        if (body == null || body.isEmpty() || !body.contains("replayed")) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("replayed").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** A JSON string literal, escaped. */
    static String jsonString(String text) {
        return json(text);
    }

    /** A viewer with an open viewing session. */
    record Viewer(String userId, String sessionId, String sessionIdJson, long intervalMs, String[] headerLines) {
        static Viewer of(String userId, String sessionId, long intervalMs) {
            if (intervalMs <= 0) {
                throw new UnexpectedResponseException(
                        "viewing session " + sessionId + " has interval_ms " + intervalMs);
            }
            return new Viewer(userId, sessionId, jsonString(sessionId), intervalMs, new String[] {
                USER_HEADER + ": " + userId, ROLES_HEADER + ": viewer"
            });
        }
    }

    /** The counters of {@code GET /api/v1/admin/event-store/stats}. */
    record EventStoreStats(long eventsTotal, long maxGlobalIndex) {}

    /** A setup request got an answer other than the one the contract promises. */
    static final class UnexpectedResponseException extends RuntimeException {
        UnexpectedResponseException(String message) {
            super(message);
        }
    }

    private HttpRequest.Builder post(String path, String userId, String roles, String body) {
        return HttpRequest.newBuilder(resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(USER_HEADER, userId)
                .header(ROLES_HEADER, roles)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private CompletableFuture<JsonNode> sendExpecting(HttpRequest request, int expectedStatus, String what) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != expectedStatus) {
                throw new UnexpectedResponseException(what + ": " + request.method() + " " + request.uri()
                        + " answered " + response.statusCode() + " (expected " + expectedStatus + "): "
                        + abbreviate(response.body()));
            }
            try {
                String body = response.body();
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new UnexpectedResponseException(what + ": answer is not JSON: " + abbreviate(response.body()));
            }
        });
    }

    private URI resolve(String path) {
        return URI.create(baseUrl.toString() + path);
    }

    private static String requiredText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new UnexpectedResponseException(what + ": answer lacks \"" + field + "\": " + node);
        }
        return value.asText();
    }

    private static long requiredLong(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new UnexpectedResponseException(what + ": answer lacks integer \"" + field + "\": " + node);
        }
        return value.asLong();
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "<no body>";
        }
        return text.length() <= MAX_ERROR_BODY_CHARS ? text : text.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON for " + value, e);
        }
    }
}
