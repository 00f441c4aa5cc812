package io.creditcast.reliability.campaign;

import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.check.EventStoreChecker;
import io.creditcast.reliability.check.Operation;
import io.creditcast.reliability.stack.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Responsiveness at twice the target load (issue 7 §6). The target load is the metering target of issue 2,
 * {@link #TARGET_METERED_DEBITS_PER_S}; an open-loop generator offers {@link Options#offeredPerS()} requests
 * per second (default 2 × the target) for a bounded time, whatever the service answers: metered pings,
 * wallet reads and tips with an Idempotency-Key, from many viewers. It checks:
 *
 * <ul>
 *   <li>every {@code /actuator/health} probe of the command service (and of the query service, when the
 *       stack has one) during the overload answers 200 UP within {@link #HEALTH_DEADLINE};
 *   <li>every load request is answered 2xx, 429 problem+json (a rate limit) or 503 problem+json (the
 *       metering queue's documented shedding) — no other status, no missing answer, no answer later than
 *       {@link #CLIENT_TIMEOUT};
 *   <li>after the load stops, the latency of a closed-loop probe is back within {@link #RECOVERED_FACTOR}
 *       × (or {@link #RECOVERED_SLACK_MS} above) the latency measured before, within {@link #RECOVERY_BOUND};
 *   <li>the event store's invariants (every acknowledged ping and tip exactly once, shed ones at most once,
 *       balanced postings, no negative wallet).
 * </ul>
 *
 * The generator reports the rate it really offered ({@code FIGURE overload_offered_per_s}): on a loaded
 * 2-core machine, sharing the cores with the services, it may not reach the rate asked for, and says so.
 */
public final class OverloadCampaign {
    public static final String NAME = "overload";
    /** The metering target (issue 2): 5,000 metered debits per second. */
    public static final int TARGET_METERED_DEBITS_PER_S = 5_000;
    /** What the campaign offers by default: twice the target. */
    public static final int DEFAULT_OFFERED_PER_S = 2 * TARGET_METERED_DEBITS_PER_S;
    /** A health probe must answer UP within this, during the overload. */
    public static final Duration HEALTH_DEADLINE = Duration.ofSeconds(2);
    /** How often each service's health is probed during the overload. */
    static final Duration HEALTH_PROBE_INTERVAL = Duration.ofMillis(100);
    /** A load request not answered within this is a violation (a hang). */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The generator's own bound on requests in flight: a request due while this many are unanswered is
     * not sent (counted as {@code not offered}), so a stalled service cannot exhaust the harness.
     */
    static final int MAX_IN_FLIGHT = 4_000;
    /** After the load stops, the latency must be back to normal within this. */
    public static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /** Closed-loop requests per latency sample (before the overload and while waiting for recovery). */
    static final int LATENCY_SAMPLE_REQUESTS = 20;
    /** "Normal latency": the sample's median at most this factor of the one before the overload ... */
    static final double RECOVERED_FACTOR = 3.0;
    /** ... or at most this much above it (a baseline of a few milliseconds is noisy). */
    static final long RECOVERED_SLACK_MS = 50;
    /** The mix of the offered load; the rest are tips. */
    static final double PING_SHARE = 0.7;

    static final double READ_SHARE = 0.2;
    /** The command service's bound on an interval index ({@code MeteringController}). */
    static final long MAX_INTERVAL_INDEX = 8_639;
    /** Violating answers listed one by one; past this only counted (the figure stays exact). */
    static final int MAX_LISTED_VIOLATIONS = 1_000;

    static final int SETUP_THREADS = 16;
    static final Duration SETUP_RETRY_BUDGET = Duration.ofSeconds(60);

    public record Options(int offeredPerS, Duration duration, int viewers, int creators, long seed) {
        public Options {
            if (offeredPerS < 1 || viewers < 1 || creators < 1 || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("rate, duration, viewers and creators must be positive");
            }
        }

        /** CI: 15 s at 2 × the target from 400 viewers (within their per-minute budgets: the real paths). */
        public static Options ci(long seed) {
            return new Options(DEFAULT_OFFERED_PER_S, Duration.ofSeconds(15), 400, 4, seed);
        }

        /** Long run: 60 s at 2 × the target (the ping budget of 1,000/min per viewer then sheds some). */
        public static Options longRun(long seed) {
            return new Options(DEFAULT_OFFERED_PER_S, Duration.ofSeconds(60), 400, 4, seed);
        }
    }

    enum Kind {
        PING,
        READ,
        TIP
    }

    /** One offered request: its operation (null for reads) and where its answer is recorded. */
    private record Offered(Kind kind, String viewer, Operation operation) {}

    private final Stack stack;
    private final Options options;

    public OverloadCampaign(Stack stack, Options options) {
        this.stack = stack;
        this.options = options;
    }

    public CheckReport run() throws SQLException, InterruptedException {
        Random random = new Random(options.seed());
        String run = Long.toHexString(options.seed()) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        URI base = stack.commandService().baseUrl();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicLong violatingAnswers = new AtomicLong();
        List<Operation> history = Collections.synchronizedList(new ArrayList<>());
        long operations = 0;
        ExecutorService clientExecutor = Executors.newFixedThreadPool(8);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CLIENT_TIMEOUT)
                .executor(clientExecutor)
                .build();
        try (Api api = new Api(base)) {
            // setup: streams, then per viewer a deposit covering every request it can be offered and a session
            Ledger ledger = new Ledger(api, SETUP_RETRY_BUDGET);
            List<String> streams = new ArrayList<>();
            List<String> creators = new ArrayList<>();
            for (int c = 0; c < options.creators(); c++) {
                String creator = "overload-creator-" + run + "-" + c;
                creators.add(creator);
                streams.add(ledger.createStream(creator));
            }
            long perViewer = (long) Math.ceil(
                            (double) options.offeredPerS() * options.duration().toMillis() / 1000.0 / options.viewers())
                    + LATENCY_SAMPLE_REQUESTS * (RECOVERY_BOUND.toSeconds() + 2);
            String[] viewers = new String[options.viewers()];
            Ledger.Session[] sessions = new Ledger.Session[options.viewers()];
            AtomicInteger nextSetup = new AtomicInteger();
            ConcurrentLinkedQueue<String> setupFailures = new ConcurrentLinkedQueue<>();
            long setupStarted = System.nanoTime();
            List<Thread> setupThreads = new ArrayList<>();
            for (int t = 0; t < SETUP_THREADS; t++) {
                setupThreads.add(Thread.ofPlatform().name("overload-setup-" + t).start(() -> {
                    for (int v = nextSetup.getAndIncrement(); v < viewers.length; v = nextSetup.getAndIncrement()) {
                        try {
                            viewers[v] = "overload-viewer-" + run + "-" + v;
                            history.add(ledger.deposit(viewers[v], "overload-pay-" + run + "-" + v, perViewer));
                            sessions[v] = ledger.openSession(viewers[v], streams.get(v % streams.size()));
                            if (sessions[v].rateMinor() > 1) {
                                history.add(ledger.deposit(
                                        viewers[v],
                                        "overload-pay-" + run + "-" + v + "-top-up",
                                        perViewer * (sessions[v].rateMinor() - 1)));
                            }
                        } catch (RuntimeException e) {
                            setupFailures.add("viewer " + v + ": " + e.getMessage());
                        }
                    }
                }));
            }
            for (Thread t : setupThreads) {
                t.join();
            }
            operations += history.size() + viewers.length;
            if (!setupFailures.isEmpty()) {
                violations.add("setup failed for " + setupFailures.size() + " viewers, first: " + setupFailures.peek());
                return new CheckReport(NAME, operations, 0, violations, options.seed());
            }
            System.out.println("overload: " + viewers.length + " viewers set up in "
                    + Duration.ofNanos(System.nanoTime() - setupStarted).toMillis() + " ms");
            AtomicLong[] nextIndex = new AtomicLong[viewers.length];
            Arrays.setAll(nextIndex, i -> new AtomicLong());

            long baselineMs = sampleMedianMs(api, viewers, sessions, nextIndex, random, history);
            operations += LATENCY_SAMPLE_REQUESTS;
            System.out.println("overload: latency before the overload (median of " + LATENCY_SAMPLE_REQUESTS
                    + " closed-loop requests): " + baselineMs + " ms");

            // health probes, one thread per service, own clients (own connections)
            AtomicBoolean stopProbes = new AtomicBoolean();
            List<Long> commandHealthMs = Collections.synchronizedList(new ArrayList<>());
            List<Long> queryHealthMs = Collections.synchronizedList(new ArrayList<>());
            List<Thread> probes = new ArrayList<>();
            probes.add(probe("command service", base, commandHealthMs, stopProbes, violations));
            if (stack.hasQueryService()) {
                probes.add(
                        probe("query service", stack.queryService().baseUrl(), queryHealthMs, stopProbes, violations));
            }

            // the open-loop generator: request i is due at start + i / rate, sent whether or not earlier ones
            // were answered
            AtomicInteger inFlight = new AtomicInteger();
            Map<String, AtomicLong> answers = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicLong sent = new AtomicLong();
            long notOfferedInFlight = 0;
            long notOfferedBehind = 0;
            long periodNanos = 1_000_000_000L / options.offeredPerS();
            long loadStarted = System.nanoTime();
            long loadEnds = loadStarted + options.duration().toNanos();
            long maxLateNanos = 0;
            for (long i = 0; ; i++) {
                long due = loadStarted + i * 1_000_000_000L / options.offeredPerS();
                if (due >= loadEnds) {
                    break;
                }
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                } else {
                    maxLateNanos = Math.max(maxLateNanos, now - due);
                    if (now >= loadEnds) {
                        // the generator fell behind its schedule: what is left is not offered
                        notOfferedBehind += (loadEnds - due + periodNanos - 1) / periodNanos;
                        break;
                    }
                }
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                    notOfferedInFlight++;
                    continue;
                }
                int v = random.nextInt(viewers.length);
                double pick = random.nextDouble();
                Kind kind = pick < PING_SHARE ? Kind.PING : pick < PING_SHARE + READ_SHARE ? Kind.READ : Kind.TIP;
                if (kind == Kind.PING && nextIndex[v].get() > MAX_INTERVAL_INDEX) {
                    kind = Kind.READ;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder().timeout(CLIENT_TIMEOUT);
                Operation operation = null;
                switch (kind) {
                    case PING -> {
                        long index = nextIndex[v].getAndIncrement();
                        request.uri(base.resolve("/api/v1/meter"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        Ledger.meterBody(sessions[v], index), StandardCharsets.UTF_8));
                        operation = new Operation(
                                "meter",
                                Operation.Effect.TRANSACTION,
                                Ledger.meterTransactionId(viewers[v], sessions[v], index),
                                Operation.Outcome.INDETERMINATE);
                    }
                    case READ -> request.uri(base.resolve("/api/v1/wallet")).GET();
                    case TIP -> {
                        String key = "overload-tip-" + run + "-" + i;
                        request.uri(base.resolve("/api/v1/tips"))
                                .header("Content-Type", "application/json")
                                .header(Api.IDEMPOTENCY_HEADER, key)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"creator_id\":\"" + creators.get(v % creators.size())
                                                + "\",\"amount_minor\":1}",
                                        StandardCharsets.UTF_8));
                        operation = new Operation(
                                "tip",
                                Operation.Effect.TRANSACTION,
                                "tip:" + viewers[v] + ":" + Api.operationId(viewers[v], key),
                                Operation.Outcome.INDETERMINATE);
                    }
                }
                request.header("Accept", "application/json")
                        .header(Api.USER_HEADER, viewers[v])
                        .header(Api.ROLES_HEADER, "viewer");
                Offered offered = new Offered(kind, viewers[v], operation);
                long sentAt = System.nanoTime();
                inFlight.incrementAndGet();
                sent.incrementAndGet();
                client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            inFlight.decrementAndGet();
                            long tookMs =
                                    Duration.ofNanos(System.nanoTime() - sentAt).toMillis();
                            String verdict = judge(offered, response, failure, tookMs);
                            answers.computeIfAbsent(
                                            offered.kind().name().toLowerCase() + " " + outcomeKey(response, failure),
                                            k -> new AtomicLong())
                                    .incrementAndGet();
                            if (offered.operation() != null) {
                                history.add(withOutcome(offered.operation(), response));
                            }
                            if (verdict != null) {
                                if (violatingAnswers.incrementAndGet() <= MAX_LISTED_VIOLATIONS) {
                                    violations.add(verdict);
                                }
                            }
                        });
            }
            long loadStopped = System.nanoTime();
            double loadSeconds = (loadStopped - loadStarted) / 1e9;
            long offeredPerS = Math.round(sent.get() / loadSeconds);
            stopProbes.set(true);
            for (Thread t : probes) {
                t.join();
            }
            // every request answered or timed out (bounded by the client timeout)
            boolean drained = ReadModels.await(CLIENT_TIMEOUT.plusSeconds(5), () -> inFlight.get() == 0);
            if (!drained) {
                violations.add(inFlight.get() + " load requests neither answered nor timed out "
                        + CLIENT_TIMEOUT.plusSeconds(5).toSeconds() + " s after the load stopped");
            }
            operations += sent.get() + commandHealthMs.size() + queryHealthMs.size();
            System.out.println("overload: asked for " + options.offeredPerS() + "/s (2 × the target of "
                    + TARGET_METERED_DEBITS_PER_S + " = " + DEFAULT_OFFERED_PER_S + ") for "
                    + options.duration().toSeconds() + " s: offered " + sent.get() + " requests in "
                    + String.format("%.1f", loadSeconds) + " s = " + offeredPerS + "/s; not offered: "
                    + notOfferedInFlight + " due while " + MAX_IN_FLIGHT + " were unanswered, " + notOfferedBehind
                    + " because the generator fell behind its schedule (most behind: " + maxLateNanos / 1_000_000
                    + " ms)");
            if (offeredPerS < options.offeredPerS() * 0.95) {
                System.out.println("overload: the generator did NOT offer the rate asked for on this machine: "
                        + offeredPerS + "/s of " + options.offeredPerS() + "/s ("
                        + (notOfferedBehind > notOfferedInFlight
                                ? "mostly its own speed: it fell behind its schedule"
                                : "mostly the service: " + MAX_IN_FLIGHT + " requests stayed unanswered")
                        + ")");
            }
            System.out.println("overload: answers " + new TreeMap<>(answers));

            // recovery: closed-loop samples until the median is back to normal
            long recoveryStarted = System.nanoTime();
            long normalMs = Math.max(Math.round(baselineMs * RECOVERED_FACTOR), baselineMs + RECOVERED_SLACK_MS);
            long lastMedianMs = -1;
            long recoveredAfterMs = -1;
            while (System.nanoTime() - loadStopped < RECOVERY_BOUND.toNanos()) {
                lastMedianMs = sampleMedianMs(api, viewers, sessions, nextIndex, random, history);
                operations += LATENCY_SAMPLE_REQUESTS;
                if (lastMedianMs <= normalMs) {
                    recoveredAfterMs =
                            Duration.ofNanos(System.nanoTime() - loadStopped).toMillis();
                    break;
                }
            }
            System.out.println("overload: latency after the overload: median " + lastMedianMs + " ms (normal: <= "
                    + normalMs + " ms), " + (recoveredAfterMs < 0 ? "NOT recovered" : "recovered")
                    + " " + Duration.ofNanos(System.nanoTime() - loadStopped).toMillis()
                    + " ms after the load stopped (sampling started after "
                    + Duration.ofNanos(recoveryStarted - loadStopped).toMillis() + " ms)");
            if (recoveredAfterMs < 0) {
                violations.add("latency not back to normal within " + RECOVERY_BOUND.toSeconds()
                        + " s after the overload: median " + lastMedianMs + " ms > " + normalMs + " ms");
            } else if (recoveredAfterMs > RECOVERY_BOUND.toMillis()) {
                // the last sample started within the bound but its requests took past it
                violations.add("latency back to normal only " + recoveredAfterMs + " ms after the overload (bound "
                        + RECOVERY_BOUND.toMillis() + " ms)");
            }
            if (violatingAnswers.get() > MAX_LISTED_VIOLATIONS) {
                violations.add((violatingAnswers.get() - MAX_LISTED_VIOLATIONS) + " more violating answers not listed");
            }

            try (Connection connection = stack.postgres().connect()) {
                EventStoreChecker checker = EventStoreChecker.read(connection);
                List<Operation> checked;
                synchronized (history) {
                    checked = List.copyOf(history);
                }
                List<String> storeViolations = checker.check(checked);
                violations.addAll(storeViolations);
                long healthViolations;
                synchronized (violations) {
                    healthViolations = violations.stream()
                            .filter(v -> v.contains(" health during the overload "))
                            .count();
                }
                System.out.println(
                        "overload: violations by kind: answers " + violatingAnswers.get() + ", health probes "
                                + healthViolations + ", recovery "
                                + (recoveredAfterMs < 0 || recoveredAfterMs > RECOVERY_BOUND.toMillis() ? 1 : 0)
                                + ", event store " + storeViolations.size());
            }
            long faults = Math.max(0, sent.get() - Math.round(TARGET_METERED_DEBITS_PER_S * loadSeconds));
            System.out.println("FIGURE overload_offered_per_s " + offeredPerS);
            System.out.println("FIGURE overload_health_p99_ms " + p99(commandHealthMs));
            if (stack.hasQueryService()) {
                System.out.println("FIGURE overload_query_health_p99_ms " + p99(queryHealthMs));
            }
            System.out.println("FIGURE overload_recovery_ms " + recoveredAfterMs);
            System.out.println("FIGURE overload_violating_answers " + violatingAnswers.get());
            return new CheckReport(NAME, operations, faults, violations, options.seed());
        } finally {
            client.shutdownNow();
            clientExecutor.shutdownNow();
        }
    }

    /** Why an answer breaks the campaign's rules, or null when it is allowed. */
    static String judge(Offered offered, HttpResponse<String> response, Throwable failure, long tookMs) {
        String what = offered.kind().name().toLowerCase() + " of " + offered.viewer();
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof HttpConnectTimeoutException) {
                return what + ": not even connected within the client timeout of " + CLIENT_TIMEOUT.toSeconds() + " s";
            }
            return cause instanceof HttpTimeoutException
                    ? what + ": no answer within the client timeout of " + CLIENT_TIMEOUT.toSeconds() + " s"
                    : what + ": no answer after " + tookMs + " ms: " + cause;
        }
        String wrong = answerViolation(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""));
        return wrong == null ? null : what + ": " + wrong + ": " + abbreviate(response.body());
    }

    /**
     * The rule for one answer under overload: 2xx, or 429 (rate limit) / 503 (documented shedding) as
     * problem+json; null when allowed, else why not.
     */
    static String answerViolation(int status, String contentType) {
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status == 429 || status == 503) {
            return contentType.startsWith("application/problem+json")
                    ? null
                    : status + " without problem+json (" + contentType + ")";
        }
        return "answered " + status + " (only 2xx, or 429/503 problem+json allowed)";
    }

    private static String outcomeKey(HttpResponse<String> response, Throwable failure) {
        if (failure == null) {
            return Integer.toString(response.statusCode());
        }
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof HttpConnectTimeoutException ? "not-connected" : "no-answer";
    }

    /** 2xx acknowledged; 429, 503, other 5xx and no answer indeterminate; other 4xx rejected. */
    private static Operation withOutcome(Operation operation, HttpResponse<String> response) {
        Operation.Outcome outcome;
        if (response == null || response.statusCode() >= 500 || response.statusCode() == 429) {
            outcome = Operation.Outcome.INDETERMINATE;
        } else if (response.statusCode() >= 200 && response.statusCode() < 300) {
            outcome = Operation.Outcome.ACKNOWLEDGED;
        } else {
            outcome = Operation.Outcome.REJECTED;
        }
        return new Operation(operation.kind(), operation.effect(), operation.key(), outcome);
    }

    /** Median latency of closed-loop requests (pings and reads), outside or after the overload. */
    private static long sampleMedianMs(
            Api api,
            String[] viewers,
            Ledger.Session[] sessions,
            AtomicLong[] nextIndex,
            Random random,
            List<Operation> history) {
        long[] tookMs = new long[LATENCY_SAMPLE_REQUESTS];
        for (int k = 0; k < LATENCY_SAMPLE_REQUESTS; k++) {
            int v = random.nextInt(viewers.length);
            long started = System.nanoTime();
            if (k % 2 == 0 && nextIndex[v].get() <= MAX_INTERVAL_INDEX) {
                long index = nextIndex[v].getAndIncrement();
                Api.Response r =
                        api.post("/api/v1/meter", viewers[v], "viewer", null, Ledger.meterBody(sessions[v], index));
                history.add(new Operation(
                        "meter",
                        Operation.Effect.TRANSACTION,
                        Ledger.meterTransactionId(viewers[v], sessions[v], index),
                        r.success()
                                ? Operation.Outcome.ACKNOWLEDGED
                                : r.indeterminate() ? Operation.Outcome.INDETERMINATE : Operation.Outcome.REJECTED));
            } else {
                api.get("/api/v1/wallet", viewers[v], "viewer");
            }
            tookMs[k] = Duration.ofNanos(System.nanoTime() - started).toMillis();
        }
        Arrays.sort(tookMs);
        return tookMs[tookMs.length / 2];
    }

    private static Thread probe(
            String service, URI base, List<Long> latenciesMs, AtomicBoolean stop, List<String> violations) {
        HttpClient health = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(HEALTH_DEADLINE)
                .build();
        return Thread.ofPlatform().name("overload-health").start(() -> {
            try (health) {
                while (!stop.get()) {
                    long started = System.nanoTime();
                    String problem;
                    try {
                        HttpResponse<String> r = health.send(
                                HttpRequest.newBuilder(base.resolve("/actuator/health"))
                                        .timeout(CLIENT_TIMEOUT)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        problem = r.statusCode() == 200 && r.body().contains("\"UP\"")
                                ? null
                                : "answered " + r.statusCode() + " " + abbreviate(r.body());
                    } catch (java.io.IOException e) {
                        problem = "no answer: " + e;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    latenciesMs.add(tookMs);
                    if (problem == null && tookMs > HEALTH_DEADLINE.toMillis()) {
                        problem =
                                "answered UP after " + tookMs + " ms (deadline " + HEALTH_DEADLINE.toMillis() + " ms)";
                    }
                    if (problem != null) {
                        violations.add(service + " health during the overload " + problem);
                    }
                    LockSupport.parkNanos(HEALTH_PROBE_INTERVAL.toNanos());
                }
            }
        });
    }

    static long p99(List<Long> values) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
    }

    private static String abbreviate(String body) {
        String flat = body.replace('\n', ' ');
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
