package io.creditcast.media.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stub of the command side's internal media API: request shapes, auth modes, failures. */
class HttpMediaCommandClientTest {
    record Seen(String method, String path, String user, String roles, String authorization, String body) {}

    HttpServer stub;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile int factStatus = 200;

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/api/v1/internal/media/ingest-authorizations", ex -> {
            String body = record(ex);
            if (body.contains("good")) {
                respond(
                        ex,
                        200,
                        "{\"stream_id\":\"s1\",\"status\":\"PAUSED\",\"access_policy\":\"TICKETED\","
                                + "\"recording_enabled\":true,\"resume_session_id\":\"abc\"}");
            } else {
                respond(
                        ex,
                        403,
                        "{\"type\":\"https://creditcast.io/problems/not-allowed\",\"detail\":\"ingest refused:"
                                + " unknown or revoked key\"}");
            }
        });
        stub.createContext("/api/v1/internal/media/streams/", ex -> {
            record(ex);
            if (ex.getRequestMethod().equals("GET")) {
                String session = ex.getRequestURI().getPath().endsWith("/s1") ? "\"relay-00ff\"" : "null";
                respond(
                        ex,
                        200,
                        "{\"stream_id\":\"s1\",\"status\":\"TAKEN_DOWN\",\"access_policy\":\"PUBLIC\","
                                + "\"ingest_session_id\":" + session + "}");
            } else {
                respond(ex, factStatus, "{\"detail\":\"nope\"}");
            }
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private String record(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var h = ex.getRequestHeaders();
        seen.add(new Seen(
                ex.getRequestMethod(),
                ex.getRequestURI().getPath(),
                h.getFirst("X-Creditcast-User"),
                h.getFirst("X-Creditcast-Roles"),
                h.getFirst("Authorization"),
                body));
        return body;
    }

    private static void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    HttpMediaCommandClient client(String auth, BearerTokenSupplier tokens) {
        return new HttpMediaCommandClient(
                new CommandClientProperties(
                        URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
                        auth,
                        "media-worker",
                        Duration.ofSeconds(2),
                        3,
                        Duration.ofMillis(10),
                        10),
                tokens);
    }

    @Test
    void devHeadersModeSendsTheServiceRoleAndReadsTheAuthorization() throws Exception {
        IngestAuthorization auth = client("dev-headers", null).authorize("good-key", IngestProtocol.RTMP);
        assertThat(auth).isEqualTo(new IngestAuthorization("s1", AccessPolicy.TICKETED, true, "abc"));
        assertThat(seen.getFirst())
                .isEqualTo(new Seen(
                        "POST",
                        "/api/v1/internal/media/ingest-authorizations",
                        "media-worker",
                        "service",
                        null,
                        "{\"stream_key\":\"good-key\",\"protocol\":\"RTMP\"}"));
    }

    @Test
    void bearerModeAsksTheSupplierForEveryRequest() throws Exception {
        var client = client("bearer", () -> "token-" + seen.size());
        client.report("s1", new MediaFact.Ended("abc"));
        assertThat(client.status("s1")).contains(StreamStatus.TAKEN_DOWN);
        assertThat(seen).extracting(Seen::authorization).containsExactly("Bearer token-0", "Bearer token-1");
        assertThat(seen).extracting(Seen::user).containsOnlyNulls();
        assertThat(seen.getFirst().body()).isEqualTo("{\"type\":\"ENDED\",\"ingest_session_id\":\"abc\"}");
    }

    @Test
    void theStreamsCurrentIngestSessionIsReadFromItsViewAndAbsentWithoutOne() {
        var client = client("dev-headers", null);
        assertThat(client.ingestSessionId("s1")).contains("relay-00ff");
        assertThat(client.ingestSessionId("s2")).as("null: no session yet").isEmpty();
        stub.stop(0);
        assertThat(client.ingestSessionId("s1")).as("unreachable").isEmpty();
    }

    @Test
    void bearerModeWithoutASupplierDoesNotStart() {
        assertThatThrownBy(() -> client("bearer", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRefusedKeyAndAnUnreachableCommandSideBothRefuseThePublisher() {
        assertThatThrownBy(() -> client("dev-headers", null).authorize("bad-key", IngestProtocol.RTMP))
                .isInstanceOf(IngestRefusedException.class)
                .hasMessageContaining("unknown or revoked key");
        stub.stop(0);
        assertThatThrownBy(() -> client("dev-headers", null).authorize("good-key", IngestProtocol.RTMP))
                .isInstanceOf(IngestRefusedException.class)
                .hasMessageContaining("unavailable");
    }

    @Test
    void aFactRefusedWith4xxIsFinalAndA5xxMayBeRetried() {
        var client = client("dev-headers", null);
        factStatus = 409;
        assertThatThrownBy(() -> client.report("s1", new MediaFact.IngestLost("abc")))
                .isInstanceOf(MediaCommandClient.FactRejectedException.class);
        factStatus = 503;
        assertThatThrownBy(() -> client.report("s1", new MediaFact.IngestLost("abc")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theReporterRetriesAnUnavailableCommandSideUpToItsAttemptLimit() throws Exception {
        factStatus = 503;
        FactReporter reporter = new FactReporter(client("dev-headers", null), 3, Duration.ofMillis(10), 10);
        reporter.report("s1", new MediaFact.Audience(5, 0));
        reporter.close(Duration.ofSeconds(5));
        assertThat(seen).hasSize(3);
        assertThat(reporter.droppedCount()).isEqualTo(1);
    }
}
