package io.creditcast.reliability.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Stripe's Checkout Sessions API (JDK HttpServer, random port), so the command
 * service's real stripe-java checkout path runs and records payments the webhook campaign then settles
 * with signed webhooks. One session per Idempotency-Key, as Stripe does. Nothing leaves the machine.
 */
public final class StripeStub implements AutoCloseable {
    /** The endpoint secret the command service verifies {@code Stripe-Signature} with. */
    public static final String WEBHOOK_SECRET = "whsec_reliability_local_only";

    static final String SECRET_KEY = "sk_test_reliability_local_stub";

    private final HttpServer server;
    private final AtomicInteger sessions = new AtomicInteger();
    private final Map<String, String> sessionByIdempotencyKey = new ConcurrentHashMap<>();

    private StripeStub(HttpServer server) {
        this.server = server;
    }

    public static StripeStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StripeStub stub = new StripeStub(server);
            server.createContext("/v1/checkout/sessions", stub::session);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Stripe stub", e);
        }
    }

    /** The command service's payment settings: Stripe pointed at this stub, fast inbox retries. */
    public List<String> serviceArguments() {
        return List.of(
                "--creditcast.payments.stripe.secret-key=" + SECRET_KEY,
                "--creditcast.payments.stripe.webhook-secret=" + WEBHOOK_SECRET,
                "--creditcast.payments.stripe.api-base=http://127.0.0.1:"
                        + server.getAddress().getPort(),
                "--creditcast.payments.inbox.poll-interval-ms=200",
                "--creditcast.payments.inbox.retry-base-ms=200",
                "--creditcast.payments.inbox.retry-max-ms=2000");
    }

    private void session(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String id = key == null
                ? "cs_rel_" + sessions.incrementAndGet()
                : sessionByIdempotencyKey.computeIfAbsent(key, k -> "cs_rel_" + sessions.incrementAndGet());
        String json = ("{\"id\":\"%s\",\"object\":\"checkout.session\",\"mode\":\"payment\",\"status\":\"open\","
                        + "\"payment_status\":\"unpaid\",\"amount_total\":%s,\"currency\":\"%s\","
                        + "\"client_reference_id\":\"%s\",\"url\":\"https://checkout.stripe.invalid/c/pay/%s\"}")
                .formatted(
                        id,
                        form.get("line_items[0][price_data][unit_amount]"),
                        form.get("line_items[0][price_data][currency]"),
                        form.get("client_reference_id"),
                        id);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_reliability_stub");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
