package io.creditcast.reliability.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.check.EventStoreChecker;
import io.creditcast.reliability.stack.Stack;
import io.creditcast.reliability.stack.StripeStub;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issue 7 §2 for payments: signed Stripe webhooks (the real {@code t=…,v1=HMAC-SHA256(t.body)} scheme
 * under the endpoint secret the command service is started with) for payments checked out through the
 * service's real stripe-java checkout (against {@link StripeStub}), delivered with concurrent and
 * sequential duplicates, refunds and disputes before the completion they depend on, and stale signatures
 * (older than the 300 s tolerance). Checked against the event store once the inbox settled: exactly one
 * deposit per paid payment, each refund state and each dispute posted once, a won dispute reversed once,
 * every wallet at the folded amount, and nothing at all from a stale delivery (4xx, no inbox row).
 */
public final class WebhookCampaign {
    public static final String NAME = "webhooks";
    /** Stripe's and the service's signature tolerance; a stale delivery is signed older than this. */
    static final long TOLERANCE_S = 300;
    /** How long the inbox may take to apply every delivered event (parked ones are retried with backoff). */
    static final Duration SETTLE_BOUND = Duration.ofSeconds(60);

    static final long PACK_CREDITS = 1_000;
    static final long PACK_AMOUNT_MINOR = 1_000;
    static final long REFUNDED_MINOR = 300;
    static final long DISPUTED_MINOR = 400;
    static final int SENDER_THREADS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one payment goes through. */
    enum Script {
        /** The completion delivered from several threads at once. */
        CONCURRENT_DUPLICATES,
        /** The completion redelivered after its answer, then {@code async_payment_succeeded} about the same success. */
        SEQUENTIAL_DUPLICATES,
        /** A partial refund (delivered twice, as two events describing one state) before the completion. */
        REFUND_BEFORE_COMPLETION,
        /** A dispute before the completion; then closed (won: reversed, or lost), the close delivered twice at once. */
        DISPUTE_BEFORE_COMPLETION,
        /** Only a stale-signed completion: refused, never deposited. */
        STALE_COMPLETION,
        /** A paid payment whose refund arrives with a stale signature: refused, never refunded. */
        STALE_REFUND
    }

    public record Options(int payments, long seed) {
        public static Options ci(long seed) {
            return new Options(36, seed);
        }

        public static Options longRun(long seed) {
            return new Options(600, seed);
        }
    }

    /** What the store must show for one payment once the inbox settled. */
    record Expected(
            String user,
            String paymentId,
            Script script,
            int deposits,
            int refunds,
            int chargebacks,
            int reversals,
            long balanceMinor,
            List<String> staleEventIds) {}

    private final Stack stack;
    private final Options options;

    public WebhookCampaign(Stack stack, Options options) {
        this.stack = stack;
        this.options = options;
    }

    public CheckReport run() throws SQLException, InterruptedException {
        Random random = new Random(options.seed());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicLong deliveries = new AtomicLong();
        AtomicLong faults = new AtomicLong();
        ConcurrentLinkedQueue<Expected> expectations = new ConcurrentLinkedQueue<>();
        String run = Long.toHexString(options.seed()) + Long.toHexString(System.nanoTime() & 0xffffff);
        try (Api api = new Api(stack.commandService().baseUrl())) {
            String priceId = createPrice(api, "reliability-pack-" + run);
            ExecutorService senders = Executors.newFixedThreadPool(SENDER_THREADS);
            Script[] scripts = Script.values();
            for (int i = 0; i < options.payments(); i++) {
                Script script = scripts[i % scripts.length];
                long paymentSeed = random.nextLong();
                String user = "wh-viewer-" + run + "-" + i;
                senders.execute(() -> {
                    try {
                        expectations.add(new Payment(api, new Random(paymentSeed), user, priceId, deliveries, faults)
                                .play(script, violations));
                    } catch (RuntimeException e) {
                        violations.add("payment of " + user + " (" + script + ") stopped: " + e);
                    }
                });
            }
            senders.shutdown();
            if (!senders.awaitTermination(5, TimeUnit.MINUTES)) {
                violations.add("the webhook senders did not finish within 5 minutes");
                senders.shutdownNow();
            }
        }
        violations.addAll(check(List.copyOf(expectations)));
        return new CheckReport(NAME, deliveries.get(), faults.get(), violations, options.seed());
    }

    /**
     * Waits until the inbox has applied (or given up on) every delivered event, then until the store shows every
     * expectation, both within {@link #SETTLE_BOUND} from the last delivery, and reports every expectation the store
     * does not meet. The inbox is watched with a cheap count: folding the whole store once takes about a minute on
     * a store of ~800,000 events (after the long run's million pings), so folding it in the waiting loop let the
     * bound pass on a store read taken while the inbox was still working (the failure of 2026-12-04).
     */
    private List<String> check(List<Expected> expectations) throws SQLException {
        long started = System.nanoTime();
        long deadline = started + SETTLE_BOUND.toNanos();
        long waiting;
        try (Connection c = stack.postgres().connect()) {
            while ((waiting = waitingInInbox(c)) > 0 && System.nanoTime() < deadline) {
                ReadModels.pause(200);
            }
        }
        System.out.println("FIGURE webhooks_settle_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + (waiting > 0 ? " (" + waiting + " events still waiting at the bound)" : ""));
        List<String> found;
        while (true) {
            try (Connection c = stack.postgres().connect()) {
                EventStoreChecker store = EventStoreChecker.read(c);
                found = new ArrayList<>(store.check(List.of()));
                for (Expected e : expectations) {
                    found.addAll(compare(e, store));
                }
                if (found.isEmpty() || System.nanoTime() > deadline) {
                    found.addAll(inbox(c, expectations));
                    return found;
                }
            }
            ReadModels.pause(500);
        }
    }

    /** The campaign's inbox events not applied yet: received, or parked until what they depend on arrives. */
    private static long waitingInInbox(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM webhook_inbox WHERE event_id LIKE"
                        + " 'evt_rel_%' AND status IN ('RECEIVED', 'PARKED')");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<String> compare(Expected e, EventStoreChecker store) {
        List<String> found = new ArrayList<>();
        String what = e.script() + " payment " + e.paymentId() + " of " + e.user();
        expect(
                found,
                what,
                "deposits",
                e.deposits(),
                store.transactionsWithPrefix("deposit:" + e.user() + ":" + e.paymentId()));
        expect(
                found,
                what,
                "refunds",
                e.refunds(),
                store.transactionsWithPrefix("refund:" + e.user() + ":" + e.paymentId() + ":"));
        expect(
                found,
                what,
                "chargebacks",
                e.chargebacks(),
                store.transactionsWithPrefix("chargeback:" + e.user() + ":"));
        expect(
                found,
                what,
                "chargeback reversals",
                e.reversals(),
                store.transactionsWithPrefix("chargeback-reversal:" + e.user() + ":"));
        expect(found, what, "wallet balance", e.balanceMinor(), store.balanceMinor("wallet:" + e.user()));
        return found;
    }

    private static void expect(List<String> found, String what, String name, long expected, long actual) {
        if (expected != actual) {
            found.add(what + ": " + name + " " + actual + ", expected " + expected);
        }
    }

    /** Stale deliveries left no inbox row; nothing of the campaign's is DEAD or still waiting. */
    private static List<String> inbox(Connection c, List<Expected> expectations) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM webhook_inbox WHERE event_id = ?")) {
            for (Expected e : expectations) {
                for (String stale : e.staleEventIds()) {
                    s.setString(1, stale);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) != 0) {
                            found.add("stale event " + stale + " was stored in the inbox");
                        }
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                        "SELECT event_id, status, last_error FROM webhook_inbox WHERE event_id LIKE 'evt_rel_%'"
                                + " AND status IN ('RECEIVED', 'PARKED', 'DEAD')");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                found.add("inbox event " + r.getString(1) + " is " + r.getString(2) + ": " + r.getString(3));
            }
        }
        return found;
    }

    private static String createPrice(Api api, String productCode) {
        String body = "{\"product_code\":\"" + productCode + "\",\"credits\":" + PACK_CREDITS + ",\"amount_minor\":"
                + PACK_AMOUNT_MINOR + ",\"currency\":\"USD\",\"active\":true}";
        Api.Response response = api.post("/api/v1/admin/prices", Ledger.ADMIN, Ledger.ADMIN_ROLES, null, body);
        if (response.status() != 201) {
            throw new IllegalStateException("price not created: " + response.status() + " " + response.body());
        }
        return json(response.body()).path("price_id").asText();
    }

    /** One payment's life, played from one sender thread (plus helpers for concurrent duplicates). */
    private static final class Payment {
        private final Api api;
        private final Random random;
        private final String user;
        private final String priceId;
        private final AtomicLong deliveries;
        private final AtomicLong faults;
        private final List<String> staleEventIds = new ArrayList<>();
        private String paymentId;
        private String sessionId;
        private String paymentIntent;
        private String chargeId;

        Payment(Api api, Random random, String user, String priceId, AtomicLong deliveries, AtomicLong faults) {
            this.api = api;
            this.random = random;
            this.user = user;
            this.priceId = priceId;
            this.deliveries = deliveries;
            this.faults = faults;
        }

        Expected play(Script script, List<String> violations) {
            checkout();
            String completed = event("completed", "checkout.session.completed", session("paid"));
            long balance = PACK_CREDITS;
            int deposits = 1;
            int refunds = 0;
            int chargebacks = 0;
            int reversals = 0;
            switch (script) {
                case CONCURRENT_DUPLICATES -> {
                    concurrently(completed, 2 + random.nextInt(5), violations);
                }
                case SEQUENTIAL_DUPLICATES -> {
                    deliver(completed, violations);
                    for (int n = 1 + random.nextInt(3); n > 0; n--) {
                        faults.incrementAndGet();
                        deliver(completed, violations);
                    }
                    faults.incrementAndGet();
                    deliver(event("async", "checkout.session.async_payment_succeeded", session("paid")), violations);
                }
                case REFUND_BEFORE_COMPLETION -> {
                    String charge = charge(REFUNDED_MINOR);
                    faults.incrementAndGet(); // out of order
                    deliver(event("refund-a", "charge.refunded", charge), violations);
                    faults.incrementAndGet(); // a second event describing the same refund state
                    deliver(event("refund-b", "charge.refunded", charge), violations);
                    deliver(completed, violations);
                    refunds = 1;
                    balance -= PACK_CREDITS * REFUNDED_MINOR / PACK_AMOUNT_MINOR;
                }
                case DISPUTE_BEFORE_COMPLETION -> {
                    String disputeId = "dp_rel_" + paymentId;
                    faults.incrementAndGet(); // out of order
                    deliver(
                            event("dispute", "charge.dispute.created", dispute(disputeId, "needs_response")),
                            violations);
                    deliver(completed, violations);
                    boolean won = random.nextBoolean();
                    concurrently(
                            event("dispute-closed", "charge.dispute.closed", dispute(disputeId, won ? "won" : "lost")),
                            2,
                            violations);
                    chargebacks = 1;
                    balance -= PACK_CREDITS * DISPUTED_MINOR / PACK_AMOUNT_MINOR;
                    if (won) {
                        reversals = 1;
                        balance += PACK_CREDITS * DISPUTED_MINOR / PACK_AMOUNT_MINOR;
                    }
                }
                case STALE_COMPLETION -> {
                    deliverStale(completed, violations);
                    deposits = 0;
                    balance = 0;
                }
                case STALE_REFUND -> {
                    deliver(completed, violations);
                    deliverStale(event("refund-stale", "charge.refunded", charge(REFUNDED_MINOR)), violations);
                }
            }
            return new Expected(
                    user,
                    paymentId,
                    script,
                    deposits,
                    refunds,
                    chargebacks,
                    reversals,
                    balance,
                    List.copyOf(staleEventIds));
        }

        private void checkout() {
            String key = "wh-checkout-" + user;
            String body = "{\"price_id\":\"" + priceId + "\",\"provider\":\"stripe\"}";
            Api.Response response = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                response = api.post("/api/v1/payments/checkout", user, "viewer", key, body);
                if (!response.indeterminate()) {
                    break;
                }
                ReadModels.pause(250);
            }
            if (response.status() != 201) {
                throw new IllegalStateException("checkout answered " + response.status() + ": " + response.body());
            }
            JsonNode payment = json(response.body());
            paymentId = payment.path("payment_id").asText();
            sessionId = payment.path("provider_ref").asText();
            paymentIntent = "pi_rel_" + paymentId;
            chargeId = "ch_rel_" + paymentId;
        }

        private String event(String suffix, String type, String object) {
            return ("{\"id\":\"evt_rel_%s_%s\",\"object\":\"event\",\"api_version\":\"2025-09-30.clover\","
                            + "\"created\":%d,\"livemode\":false,\"pending_webhooks\":1,"
                            + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"%s\",\"data\":{\"object\":%s}}")
                    .formatted(paymentId, suffix, nowS(), type, object);
        }

        private String session(String paymentStatus) {
            return ("{\"id\":\"%s\",\"object\":\"checkout.session\",\"client_reference_id\":\"%s\","
                            + "\"metadata\":{\"payment_id\":\"%s\"},\"mode\":\"payment\",\"status\":\"complete\","
                            + "\"payment_status\":\"%s\",\"payment_intent\":\"%s\",\"amount_total\":%d,\"currency\":\"usd\"}")
                    .formatted(sessionId, paymentId, paymentId, paymentStatus, paymentIntent, PACK_AMOUNT_MINOR);
        }

        private String charge(long refundedMinor) {
            return ("{\"id\":\"%s\",\"object\":\"charge\",\"payment_intent\":\"%s\",\"amount\":%d,"
                            + "\"amount_refunded\":%d,\"refunded\":%s}")
                    .formatted(
                            chargeId,
                            paymentIntent,
                            PACK_AMOUNT_MINOR,
                            refundedMinor,
                            refundedMinor >= PACK_AMOUNT_MINOR);
        }

        private String dispute(String disputeId, String status) {
            return ("{\"id\":\"%s\",\"object\":\"dispute\",\"charge\":\"%s\",\"payment_intent\":\"%s\","
                            + "\"amount\":%d,\"status\":\"%s\"}")
                    .formatted(disputeId, chargeId, paymentIntent, DISPUTED_MINOR, status);
        }

        /** A valid delivery must be acknowledged with 200 (Stripe would retry anything else). */
        private void deliver(String payload, List<String> violations) {
            Api.Response response = send(payload, nowS());
            if (response.status() != 200) {
                violations.add(
                        "delivery of " + eventId(payload) + " answered " + response.status() + ": " + response.body());
            }
        }

        /** Signed longer ago than the tolerance: must be a 4xx problem and leave nothing behind. */
        private void deliverStale(String payload, List<String> violations) {
            faults.incrementAndGet();
            staleEventIds.add(eventId(payload));
            long ageS = TOLERANCE_S + 1 + random.nextInt(3_600);
            Api.Response response = send(payload, nowS() - ageS);
            if (response.status() < 400 || response.status() >= 500) {
                violations.add("stale delivery of " + eventId(payload) + " (signed " + ageS + " s ago) answered "
                        + response.status() + ", expected a 4xx");
            } else if (!response.contentType().startsWith("application/problem+json")) {
                violations.add("stale delivery of " + eventId(payload) + " answered " + response.status() + " as "
                        + response.contentType() + ", not problem+json");
            }
        }

        private void concurrently(String payload, int copies, List<String> violations) {
            faults.addAndGet(copies - 1);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int n = 0; n < copies; n++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    deliver(payload, violations);
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                try {
                    t.join(Duration.ofSeconds(60).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private Api.Response send(String payload, long timestampS) {
            deliveries.incrementAndGet();
            HttpRequest.Builder request = HttpRequest.newBuilder(api.baseUrl().resolve("/webhooks/stripe"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", signature(payload, timestampS))
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
            return api.send(request, null, null, null);
        }

        private static String eventId(String payload) {
            return json(payload).path("id").asText();
        }
    }

    /** Stripe's scheme: {@code t=<unix s>,v1=<hex HMAC-SHA256 of "t.body" under the endpoint secret>}. */
    static String signature(String payload, long timestampS) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(StripeStub.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestampS + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestampS + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256 in this JDK", e);
        }
    }

    private static long nowS() {
        return System.currentTimeMillis() / 1000;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }
}
