package io.creditcast.command.web;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.idempotency.IdempotencyInterceptor;
import io.creditcast.command.idempotency.IdempotencyStore;
import io.creditcast.command.security.Actor;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends commands off the event loop (Axon handles them on the calling thread, with JDBC), with a
 * bounded thread pool and queue, a timeout, and Stripe-style idempotency for money-moving requests:
 * same key and same request → the stored result, replayed; same key, different request → 422;
 * concurrent duplicates → one effect.
 */
@Component
public class CommandSender {
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final Pattern KEY_SHAPE = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final CommandGateway gateway;
    private final IdempotencyStore store;
    private final ThreadPoolExecutor executor;
    private final Duration timeout;
    private final long maxQueueWaitNanos;

    public record Outcome<R>(R result, boolean replayed) {}

    public CommandSender(
            CommandGateway gateway, IdempotencyStore store, CreditcastProperties properties, MeterRegistry meters) {
        this.gateway = gateway;
        this.store = store;
        var c = properties.commands();
        this.executor = new ThreadPoolExecutor(
                c.threads(),
                c.threads(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(c.queueCapacity()),
                Thread.ofPlatform().name("commands-", 1).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        this.timeout = Duration.ofMillis(c.timeoutMs());
        meters.gauge(
                "creditcast.commands.queue.depth", executor, e -> e.getQueue().size());
        this.maxQueueWaitNanos =
                TimeUnit.MILLISECONDS.toNanos(properties.admission().maxQueueWaitMs());
    }

    /**
     * Runs blocking work on the bounded command pool ({@code creditcast.commands.threads}, queue of {@code
     * queue-capacity}; a full queue is a 503 {@code overloaded}). Work that waited longer than {@code
     * creditcast.admission.max-queue-wait-ms} for a thread is not started: 503 {@code overloaded} (its caller has
     * likely given up, and doing it anyway would only delay the requests behind it).
     *
     * <p>Work that started runs to its end, commit or rollback, even when the caller goes away or times out: a
     * cancelled request never interrupts the command's thread. (Reactor's {@code subscribeOn} did, in the middle of
     * JDBC and Axon's unit of work, whenever a client disconnected under load.)
     */
    public <R> Mono<R> blocking(Callable<R> work) {
        return Mono.defer(() -> {
                    long queuedAt = System.nanoTime();
                    CompletableFuture<R> result = new CompletableFuture<>();
                    executor.execute(() -> {
                        long waitedNanos = System.nanoTime() - queuedAt;
                        if (waitedNanos > maxQueueWaitNanos) {
                            result.completeExceptionally(new ApiException(
                                    ProblemTypes.OVERLOADED,
                                    "the request waited " + TimeUnit.NANOSECONDS.toMillis(waitedNanos)
                                            + " ms for a command thread (limit "
                                            + TimeUnit.NANOSECONDS.toMillis(maxQueueWaitNanos)
                                            + " ms) and was not done; retry (with the same Idempotency-Key)",
                                    List.of(),
                                    Map.of("retry_after_s", 1)));
                            return;
                        }
                        try {
                            result.complete(work.call());
                        } catch (Throwable t) {
                            result.completeExceptionally(t);
                        }
                    });
                    return Mono.fromFuture(result, true); // true: cancelling the Mono leaves the work alone
                })
                .timeout(timeout.plusSeconds(1));
    }

    /** Lets the commands in hand finish before the application context (and its database pool) goes away. */
    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
    }

    public <R> Mono<R> send(Object command) {
        return blocking(() -> gateway.sendAndWait(command, timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A deterministic operation id for (principal, key), used as the domain's own dedupe id. */
    public static String operationId(Actor actor, String key) {
        return UUID.nameUUIDFromBytes((actor.userId().value() + "\n" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public static String requireKey(String key) {
        if (key == null) {
            throw new ApiException(
                    ProblemTypes.IDEMPOTENCY_KEY_MISSING,
                    "money-moving requests need an Idempotency-Key header",
                    List.of(new ApiException.FieldError(IDEMPOTENCY_HEADER, "required")),
                    Map.of());
        }
        if (!KEY_SHAPE.matcher(key).matches()) {
            throw new ApiException(
                    ProblemTypes.VALIDATION,
                    "Idempotency-Key must be 1-255 visible ASCII characters",
                    List.of(new ApiException.FieldError(IDEMPOTENCY_HEADER, "1-255 visible ASCII characters")),
                    Map.of());
        }
        return key;
    }

    public <R> Mono<Outcome<R>> sendIdempotent(
            Actor actor, String key, String scope, Object request, Object command, Class<R> resultType) {
        String principal = actor.userId().value();
        String hash = sha256(scope + "\n" + request);
        return blocking(() -> {
            var stored = store.find(principal, key);
            if (stored.isPresent()) {
                return replay(stored.get(), scope, hash, resultType);
            }
            var message = GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(Map.of(
                            IdempotencyInterceptor.KEY, key,
                            IdempotencyInterceptor.PRINCIPAL, principal,
                            IdempotencyInterceptor.SCOPE, scope,
                            IdempotencyInterceptor.HASH, hash));
            try {
                R result = gateway.sendAndWait(message, timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Outcome<>(result, false);
            } catch (RuntimeException e) {
                if (isDuplicateKey(e)) { // a concurrent duplicate committed first
                    return replay(store.find(principal, key).orElseThrow(() -> e), scope, hash, resultType);
                }
                throw e;
            }
        });
    }

    private static <R> Outcome<R> replay(IdempotencyStore.Stored stored, String scope, String hash, Class<R> type) {
        if (!stored.scope().equals(scope) || !stored.requestHash().equals(hash)) {
            throw new ApiException(
                    ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for a different request",
                    List.of(new ApiException.FieldError(IDEMPOTENCY_HEADER, "reused with a different request")),
                    Map.of());
        }
        return new Outcome<>(type.cast(stored.result()), true);
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("idempotency_key")) {
                return true;
            }
        }
        return false;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
