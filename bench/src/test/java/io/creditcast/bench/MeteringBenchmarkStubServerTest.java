package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.creditcast.bench.BenchmarkOptions.ScenarioSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole benchmark against an in-process stub of the metering API on a random port. */
class MeteringBenchmarkStubServerTest {

    private static final Duration SHORT_WARMUP = Duration.ofMillis(100);
    private static final Duration SHORT_MEASUREMENT = Duration.ofMillis(400);

    private StubMeteringServer stub;
    private ExecutorService clientExecutor;

    @BeforeEach
    void start() throws IOException {
        stub = new StubMeteringServer();
        clientExecutor = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        stub.close();
        clientExecutor.shutdownNow();
    }

    @Test
    void both_scenarios_meter_in_order_and_print_their_figures() throws Exception {
        BenchmarkOptions options = options(20, 3, SHORT_WARMUP, 1_000_000, ScenarioSelection.BOTH);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exitStatus = run(options, output);

        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(exitStatus).as(text).isZero();
        assertThat(stub.outOfOrder.get()).as("intervals sent out of order").isZero();
        assertThat(stub.debits.get()).isPositive();
        assertThat(figure(text, "metered_debits_per_s")).isPositive();
        assertThat(figure(text, "metered_debits_per_s_one_creator")).isPositive();
        assertThat(figure(text, "metered_debit_errors")).isZero();
        assertThat(figure(text, "metered_debit_errors_one_creator")).isZero();
        assertThat(figure(text, "events_per_debit")).isEqualTo(1.0);
        assertThat(text)
                .contains("FIGURE metered_debit_p99_ms ")
                .contains("FIGURE metered_debit_p50_ms ")
                .contains("FIGURE metered_debit_max_ms ")
                .contains("FIGURE metered_debit_p99_ms_one_creator ")
                .contains("== scenario: many creators (20 viewers, 3 creators, 8 in flight) ==")
                .contains("== scenario: one creator (20 viewers, 1 creators, 8 in flight) ==");
        assertThat(stub.streamsCreated.get()).isEqualTo(3 + 1);
        assertThat(stub.sessionsOpened.get()).isEqualTo(20 + 20);
    }

    @Test
    void viewers_out_of_credits_are_counted_as_errors_and_leave_the_rotation() throws Exception {
        BenchmarkOptions options = options(4, 2, Duration.ZERO, 5, ScenarioSelection.MANY);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exitStatus = run(options, output);

        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(exitStatus).as(text).isZero();
        assertThat(stub.debits.get()).isEqualTo(4 * 5);
        assertThat(figure(text, "metered_debit_errors")).isEqualTo(4);
        assertThat(text).contains("402 out of credits: 4").contains("every viewer is retired");
    }

    @Test
    void a_refused_setup_call_stops_the_run_with_the_server_answer() throws Exception {
        stub.refuseStreams = true;
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int exitStatus = run(options(4, 2, Duration.ZERO, 5, ScenarioSelection.BOTH), output);

        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(exitStatus).isEqualTo(MeteringBenchmark.EXIT_FAILED);
        assertThat(text)
                .contains("create streams failed")
                .contains("answered 403")
                .doesNotContain("FIGURE");
    }

    private int run(BenchmarkOptions options, ByteArrayOutputStream output) throws InterruptedException {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        return MeteringBenchmark.run(
                options, new MeteringApi(options.baseUrl(), options.requestTimeout(), clientExecutor), out);
    }

    private BenchmarkOptions options(
            int viewers, int creators, Duration warmup, long seedCreditsMinor, ScenarioSelection scenario) {
        return new BenchmarkOptions(
                stub.baseUrl(),
                viewers,
                creators,
                SHORT_MEASUREMENT,
                warmup,
                8,
                scenario,
                seedCreditsMinor,
                Duration.ofSeconds(10),
                2,
                BenchmarkOptions.DEFAULT_MAX_INTERVAL_INDEX);
    }

    private static double figure(String output, String name) {
        Matcher matcher = Pattern.compile("(?m)^FIGURE " + name + " (\\S+) ").matcher(output);
        assertThat(matcher.find()).as("FIGURE " + name + " in%n%s", output).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** Just enough of the command service's metering contract to drive the benchmark. */
    private static final class StubMeteringServer implements AutoCloseable {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final long INTERVAL_MS = 10_000;

        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final Map<String, Long> walletMinor = new ConcurrentHashMap<>();
        private final Map<String, Session> sessions = new ConcurrentHashMap<>();
        final AtomicInteger streamsCreated = new AtomicInteger();
        final AtomicInteger sessionsOpened = new AtomicInteger();
        final AtomicLong debits = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicInteger outOfOrder = new AtomicInteger();
        volatile boolean refuseStreams;

        private static final class Session {
            final String viewerId;
            long nextIntervalIndex;

            Session(String viewerId) {
                this.viewerId = viewerId;
            }
        }

        StubMeteringServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(executor);
            server.createContext("/api/v1/", this::handle);
            server.start();
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String user = exchange.getRequestHeaders().getFirst(MeteringApi.USER_HEADER);
                String roles = exchange.getRequestHeaders().getFirst(MeteringApi.ROLES_HEADER);
                byte[] bytes = exchange.getRequestBody().readAllBytes();
                JsonNode body = bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
                if (path.equals("/api/v1/meter")) {
                    meter(exchange, user, body);
                } else if (path.matches("/api/v1/admin/wallets/[^/]+/adjustments") && roles.contains("admin")) {
                    String viewer = path.split("/")[5];
                    boolean keyed = exchange.getRequestHeaders().containsKey(MeteringApi.IDEMPOTENCY_HEADER);
                    if (!keyed) {
                        respond(exchange, 400, "{}");
                        return;
                    }
                    walletMinor.merge(viewer, body.get("amount_minor").asLong(), Long::sum);
                    events.incrementAndGet();
                    respond(exchange, 201, "{}");
                } else if (path.equals("/api/v1/streams") && roles.contains("creator")) {
                    if (refuseStreams) {
                        respond(exchange, 403, "{\"type\":\"about:blank\",\"status\":403}");
                        return;
                    }
                    int stream = streamsCreated.incrementAndGet();
                    events.incrementAndGet();
                    respond(exchange, 201, "{\"stream_id\":\"stream-" + stream + "\",\"creator_id\":\"" + user + "\"}");
                } else if (path.equals("/api/v1/viewing-sessions") && roles.contains("viewer")) {
                    String sessionId = "session-" + sessionsOpened.incrementAndGet();
                    sessions.put(sessionId, new Session(user));
                    events.incrementAndGet();
                    respond(
                            exchange,
                            201,
                            "{\"session_id\":\"" + sessionId + "\",\"rate_minor\":1,\"interval_ms\":" + INTERVAL_MS
                                    + "}");
                } else if (path.equals("/api/v1/admin/event-store/stats") && roles.contains("admin")) {
                    respond(
                            exchange,
                            200,
                            "{\"events_total\":" + events.get() + ",\"max_global_index\":" + events.get() + "}");
                } else {
                    respond(exchange, 404, "{}");
                }
            }
        }

        private void meter(HttpExchange exchange, String user, JsonNode body) throws IOException {
            Session session = sessions.get(body.path("session_id").asText());
            if (session == null || !session.viewerId.equals(user)) {
                respond(exchange, 404, "{}");
                return;
            }
            long index = body.path("interval_index").asLong();
            synchronized (session) {
                if (index != session.nextIntervalIndex
                        || body.path("playback_ms").asLong() != index * INTERVAL_MS) {
                    outOfOrder.incrementAndGet();
                    respond(exchange, 409, "{}");
                    return;
                }
                long balance = walletMinor.getOrDefault(user, 0L);
                if (balance <= 0) {
                    respond(exchange, 402, "{\"type\":\"https://creditcast.io/problems/insufficient-credits\"}");
                    return;
                }
                walletMinor.put(user, balance - 1);
                session.nextIntervalIndex++;
                debits.incrementAndGet();
                events.incrementAndGet();
                respond(
                        exchange,
                        200,
                        "{\"remaining_credits\":" + (balance - 1) + ",\"next_allowed_ms\":0,\"replayed\":false}");
            }
        }

        private static void respond(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
