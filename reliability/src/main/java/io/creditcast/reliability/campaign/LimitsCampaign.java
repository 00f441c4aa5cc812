package io.creditcast.reliability.campaign;

import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.stack.Stack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits under load (issue 7 §6): each of several users spends one budget (reads, writes or pings) from
 * concurrent senders; exactly the budget is let through and every request past it is a 429 problem+json
 * with {@code Retry-After}. Meanwhile oversized bodies keep getting 413 and {@code /actuator/health} keeps
 * answering UP within its deadline. Budgets refill continuously, so "exactly" allows the few tokens that
 * trickle back while the burst runs.
 */
public final class LimitsCampaign {
    public static final String NAME = "limits";
    static final int SENDERS = 8;
    /** Each burst runs until this many requests got 429. */
    static final int LIMITED_TARGET = 20;
    /** ... or this many times the budget was sent (then the limit did not hold). */
    static final int MAX_SEND_FACTOR = 3;

    static final Duration HEALTH_DEADLINE = Duration.ofSeconds(2);
    static final int OVERSIZED_BODY_BYTES = 20 * 1024;

    /** The budgets the service under test was started with (its {@code creditcast.rate-limits.*}). */
    public record Budgets(long readsPerMinute, long writesPerMinute, long pingsPerMinute) {}

    private record Burst(String budget, String method, String path, String body, long limit) {}

    private final Stack stack;
    private final Budgets budgets;
    private final long seed;

    public LimitsCampaign(Stack stack, Budgets budgets, long seed) {
        this.stack = stack;
        this.budgets = budgets;
        this.seed = seed;
    }

    public CheckReport run() throws InterruptedException {
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicLong operations = new AtomicLong();
        AtomicLong faults = new AtomicLong();
        String run = Long.toHexString(seed) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        List<Burst> bursts = List.of(
                new Burst("reads", "GET", "/api/v1/wallet", null, budgets.readsPerMinute()),
                // no Idempotency-Key: each write is refused (400) by the handler but spends a token first
                new Burst(
                        "writes",
                        "POST",
                        "/api/v1/tips",
                        "{\"creator_id\":\"nobody\",\"amount_minor\":1}",
                        budgets.writesPerMinute()),
                // an unknown session: 404 by the handler, one ping token spent
                new Burst(
                        "pings",
                        "POST",
                        "/api/v1/meter",
                        "{\"session_id\":\"no-such-session\",\"interval_index\":0,\"playback_ms\":0}",
                        budgets.pingsPerMinute()));
        try (Api api = new Api(stack.commandService().baseUrl())) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread health = Thread.ofPlatform().name("limits-health").start(() -> {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    Api.Response r = api.get("/actuator/health", null, null);
                    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    operations.incrementAndGet();
                    if (r.status() != 200 || tookMs > HEALTH_DEADLINE.toMillis()) {
                        violations.add("health answered " + r.status() + " in " + tookMs + " ms under load");
                    }
                    sleep(100);
                }
            });
            Thread tooLarge = Thread.ofPlatform().name("limits-413").start(() -> {
                String body = "{\"pad\":\"" + "x".repeat(OVERSIZED_BODY_BYTES) + "\"}";
                while (!stop.get()) {
                    Api.Response r = RawHttp.send(
                            api.baseUrl(),
                            "POST",
                            "/api/v1/tips",
                            Map.of(
                                    "Content-Type",
                                    "application/json",
                                    Api.USER_HEADER,
                                    "limits-big-" + run,
                                    Api.ROLES_HEADER,
                                    "viewer",
                                    Api.IDEMPOTENCY_HEADER,
                                    "k-" + System.nanoTime()),
                            body.getBytes(StandardCharsets.UTF_8));
                    operations.incrementAndGet();
                    faults.incrementAndGet();
                    if (r.status() != 413 && r.status() != 429) {
                        violations.add("oversized body answered " + r.status() + " (expected 413)");
                    } else if (!r.contentType().startsWith("application/problem+json")) {
                        violations.add("oversized body answered " + r.status() + " without problem+json");
                    }
                    sleep(20);
                }
            });
            for (Burst burst : bursts) {
                String user = "limits-" + burst.budget() + "-" + run;
                // until enough requests were refused, whatever the machine's speed (the budget refills meanwhile)
                long maxSend = burst.limit() * MAX_SEND_FACTOR;
                AtomicInteger next = new AtomicInteger();
                AtomicLong allowed = new AtomicLong();
                AtomicLong limited = new AtomicLong();
                long started = System.nanoTime();
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < SENDERS; t++) {
                    senders.add(Thread.ofPlatform().start(() -> {
                        while (limited.get() < LIMITED_TARGET && next.getAndIncrement() < maxSend) {
                            Api.Response r = burst.body() == null
                                    ? api.get(burst.path(), user, "viewer")
                                    : api.post(burst.path(), user, "viewer", null, burst.body());
                            operations.incrementAndGet();
                            if (r.status() == 429) {
                                limited.incrementAndGet();
                                if (!r.contentType().startsWith("application/problem+json") || r.retryAfter() == null) {
                                    violations.add(burst.budget() + ": 429 without problem+json or Retry-After");
                                }
                            } else if (r.status() == Api.NO_ANSWER || r.status() >= 500) {
                                violations.add(burst.budget() + ": " + r.status() + " " + r.body());
                            } else {
                                allowed.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Thread t : senders) {
                    t.join();
                }
                double elapsedMinutes = (System.nanoTime() - started) / 60e9;
                long refilled = (long) Math.ceil(elapsedMinutes * burst.limit()) + 1;
                faults.addAndGet(limited.get());
                System.out.println("limits: " + burst.budget() + " budget " + burst.limit() + "/min: " + allowed.get()
                        + " allowed, " + limited.get() + " limited, " + (refilled - 1) + " refilled in "
                        + Math.round(elapsedMinutes * 60_000) + " ms");
                if (allowed.get() < burst.limit() || allowed.get() > burst.limit() + refilled) {
                    violations.add(burst.budget() + ": " + allowed.get() + " allowed for a budget of " + burst.limit()
                            + " (+" + refilled + " refilled while the burst ran)");
                }
                if (limited.get() < LIMITED_TARGET) {
                    violations.add(burst.budget() + ": only " + limited.get() + " of " + next.get()
                            + " requests were limited");
                }
            }
            stop.set(true);
            health.join();
            tooLarge.join();
        }
        return new CheckReport(NAME, operations.get(), faults.get(), violations, seed);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
