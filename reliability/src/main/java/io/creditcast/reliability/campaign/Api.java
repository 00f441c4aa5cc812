package io.creditcast.reliability.campaign;

import io.creditcast.reliability.check.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The campaigns' HTTP client: one request is one attempt; {@link #perform} retries an operation with the
 * same idempotency key until a definitive answer or the retry budget is spent, and classifies it.
 */
public final class Api implements AutoCloseable {
    public static final String USER_HEADER = "X-Creditcast-User";
    public static final String ROLES_HEADER = "X-Creditcast-Roles";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** Status used for an attempt that got no HTTP answer (refused, reset, timed out). */
    public static final int NO_ANSWER = -1;

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final Duration RETRY_BACKOFF = Duration.ofMillis(250);

    private final URI baseUrl;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient client;

    public Api(URI baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(executor)
                .build();
    }

    /** One HTTP answer (status {@link #NO_ANSWER} when there was none). */
    public record Response(int status, String body, String contentType, String retryAfter) {
        public boolean success() {
            return status >= 200 && status < 300;
        }

        /** No answer, a 5xx or a 429: the effect may or may not have happened; retry with the same key. */
        public boolean indeterminate() {
            return status == NO_ANSWER || status >= 500 || status == 429;
        }
    }

    public Response post(String path, String user, String roles, String idempotencyKey, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        return send(request, user, roles, idempotencyKey);
    }

    public Response get(String path, String user, String roles) {
        return send(
                HttpRequest.newBuilder(baseUrl.resolve(path))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Accept", "application/json")
                        .GET(),
                user,
                roles,
                null);
    }

    public Response send(HttpRequest.Builder request, String user, String roles, String idempotencyKey) {
        if (user != null) {
            request.header(USER_HEADER, user);
        }
        if (roles != null) {
            request.header(ROLES_HEADER, roles);
        }
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_HEADER, idempotencyKey);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            return new Response(NO_ANSWER, e.toString(), "", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(NO_ANSWER, "interrupted", "", null);
        }
    }

    /**
     * Runs one operation: the same attempt (same key) until a 2xx (acknowledged), a definitive 4xx
     * (rejected; indeterminate if an earlier attempt had no definitive answer) or the budget is spent.
     */
    public static Operation.Outcome perform(Supplier<Response> attempt, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        boolean sawIndeterminate = false;
        while (true) {
            Response response = attempt.get();
            if (response.success()) {
                return Operation.Outcome.ACKNOWLEDGED;
            }
            if (!response.indeterminate()) {
                return sawIndeterminate ? Operation.Outcome.INDETERMINATE : Operation.Outcome.REJECTED;
            }
            sawIndeterminate = true;
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                return Operation.Outcome.INDETERMINATE;
            }
            try {
                Thread.sleep(RETRY_BACKOFF.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Operation.Outcome.INDETERMINATE;
            }
        }
    }

    /** The command service's deterministic operation id for (user, key): {@code CommandSender.operationId}. */
    public static String operationId(String user, String key) {
        return UUID.nameUUIDFromBytes((user + "\n" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
