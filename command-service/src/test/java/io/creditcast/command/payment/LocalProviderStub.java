package io.creditcast.command.payment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny local stand-in for the Stripe and Coinbase Commerce APIs (JDK HttpServer on a random port):
 * it records every request so tests can assert the shapes stripe-java and the Coinbase client send,
 * and answers the minimal objects they need. Nothing leaves the machine.
 */
public final class LocalProviderStub implements AutoCloseable {
    public record Recorded(String method, String path, Map<String, String> headers, String body) {
        /** Stripe's form encoding decoded to {@code key → value} ({@code line_items[0][quantity]} stays a key). */
        public Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            if (body.isEmpty()) {
                return form;
            }
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return form;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final Map<String, String> sessionByIdempotencyKey = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int failNextWithStatus;

    public LocalProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/checkout/sessions", this::stripeSession);
        server.createContext("/charges", this::coinbaseCharge);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The next call (and its retries) fail with this status. */
    public void failNextWith(int status) {
        failNextWithStatus = status;
    }

    private Recorded record(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        var r = new Recorded(
                ex.getRequestMethod(),
                ex.getRequestURI().getPath(),
                headers,
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(r);
        return r;
    }

    private void stripeSession(HttpExchange ex) throws IOException {
        Recorded r = record(ex);
        if (failNextWithStatus != 0) {
            int status = failNextWithStatus;
            failNextWithStatus = 0;
            respond(ex, status, "{\"error\":{\"type\":\"api_error\",\"message\":\"stub failure\"}}");
            return;
        }
        String key = r.header("Idempotency-Key");
        String id = key == null
                ? "cs_test_" + sessions.incrementAndGet()
                : sessionByIdempotencyKey.computeIfAbsent(key, k -> "cs_test_" + sessions.incrementAndGet());
        var form = r.form();
        respond(
                ex,
                200,
                """
                {"id":"%s","object":"checkout.session","mode":"payment","status":"open","payment_status":"unpaid",
                 "amount_total":%s,"currency":"%s","client_reference_id":"%s",
                 "url":"https://checkout.stripe.com/c/pay/%s"}
                """
                        .formatted(
                                id,
                                form.get("line_items[0][price_data][unit_amount]"),
                                form.get("line_items[0][price_data][currency]"),
                                form.get("client_reference_id"),
                                id));
    }

    private void coinbaseCharge(HttpExchange ex) throws IOException {
        record(ex);
        if (failNextWithStatus != 0) {
            int status = failNextWithStatus;
            failNextWithStatus = 0;
            respond(ex, status, "{\"error\":{\"type\":\"internal\"}}");
            return;
        }
        int n = sessions.incrementAndGet();
        respond(
                ex,
                201,
                """
                {"data":{"id":"00000000-0000-0000-0000-%012d","code":"CB%06d","hosted_url":"https://commerce.coinbase.com/charges/CB%06d"}}
                """
                        .formatted(n, n, n));
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Request-Id", "req_stub");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
