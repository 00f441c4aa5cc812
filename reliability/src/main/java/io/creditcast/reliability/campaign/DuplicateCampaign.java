package io.creditcast.reliability.campaign;

import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.check.EventStoreChecker;
import io.creditcast.reliability.check.Operation;
import io.creditcast.reliability.stack.Stack;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pings with a configurable share of concurrent duplicates, retries (the same ping again after its answer)
 * and out-of-order interval indexes. Afterwards: exactly one debit per (session, interval index) that was
 * acknowledged, and the credits debited per session equal distinct intervals × the session's rate.
 */
public final class DuplicateCampaign {
    public static final String NAME = "duplicates";
    static final int INTERVALS_PER_SESSION = 500;
    /** How far ahead an out-of-order ping may jump inside its session. */
    static final int REORDER_WINDOW = 32;

    static final Duration RETRY_BUDGET = Duration.ofSeconds(30);
    /** The platform's default metering rate: 1 credit per interval. */
    static final long DEFAULT_RATE_MINOR = 1;

    public record Options(
            int pings, double duplicateShare, double retryShare, double reorderShare, int senders, long seed) {
        public Options {
            if (pings < 1 || senders < 1) {
                throw new IllegalArgumentException("pings and senders must be positive");
            }
            if (duplicateShare < 0 || retryShare < 0 || reorderShare < 0 || reorderShare > 1) {
                throw new IllegalArgumentException("shares must be non-negative (reorder at most 1)");
            }
        }

        /** Concurrent senders: enough to fill the command service's metering group commits. */
        public static final int DEFAULT_SENDERS = 128;

        public static Options of(int pings, long seed) {
            return new Options(pings, 0.2, 0.1, 0.2, DEFAULT_SENDERS, seed);
        }
    }

    /** One ping to send; {@code retry} sends it again after its answer. */
    record Ping(int session, long intervalIndex, boolean retry) {}

    private final Stack stack;
    private final Options options;

    public DuplicateCampaign(Stack stack, Options options) {
        this.stack = stack;
        this.options = options;
    }

    public CheckReport run() throws SQLException, InterruptedException {
        Random random = new Random(options.seed());
        double perDistinct = 1 + options.duplicateShare() + options.retryShare();
        int distinct = Math.max(1, (int) Math.round(options.pings() / perDistinct));
        int sessionCount = (distinct + INTERVALS_PER_SESSION - 1) / INTERVALS_PER_SESSION;
        String run = Long.toHexString(options.seed()) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        List<Operation> setup = new ArrayList<>();
        String[] viewers = new String[sessionCount];
        Ledger.Session[] sessions = new Ledger.Session[sessionCount];
        int[] intervals = new int[sessionCount];
        long faults = 0;
        List<List<Ping>> perSession = new ArrayList<>();
        try (Api api = new Api(stack.commandService().baseUrl())) {
            Ledger ledger = new Ledger(api, RETRY_BUDGET);
            String creator = "dup-creator-" + run;
            String stream = ledger.createStream(creator);
            int remaining = distinct;
            for (int s = 0; s < sessionCount; s++) {
                intervals[s] = Math.min(INTERVALS_PER_SESSION, remaining);
                remaining -= intervals[s];
                viewers[s] = "dup-viewer-" + run + "-" + s;
                // a wallet exists once credited: deposit at the default rate first, top up if the session's rate is
                // higher
                setup.add(ledger.deposit(viewers[s], "pay-" + run + "-" + s, intervals[s] * DEFAULT_RATE_MINOR));
                sessions[s] = ledger.openSession(viewers[s], stream);
                if (sessions[s].rateMinor() > DEFAULT_RATE_MINOR) {
                    setup.add(ledger.deposit(
                            viewers[s],
                            "pay-" + run + "-" + s + "-top-up",
                            intervals[s] * (sessions[s].rateMinor() - DEFAULT_RATE_MINOR)));
                }
                List<Ping> pings = new ArrayList<>();
                for (int i = 0; i < intervals[s]; i++) {
                    boolean retry = random.nextDouble() < options.retryShare();
                    pings.add(new Ping(s, i, retry));
                    if (retry) {
                        faults++;
                    }
                    if (random.nextDouble() < options.duplicateShare()) {
                        pings.add(new Ping(s, i, false));
                        faults++;
                    }
                }
                for (int i = 0; i < pings.size(); i++) {
                    if (random.nextDouble() < options.reorderShare()) {
                        int j = Math.min(pings.size() - 1, i + 1 + random.nextInt(REORDER_WINDOW));
                        Collections.swap(pings, i, j);
                        faults++;
                    }
                }
                perSession.add(pings);
            }
            List<Ping> plan = interleave(perSession, random);
            ConcurrentHashMap<Long, Boolean> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            AtomicLong sent = new AtomicLong();
            AtomicLong unexpected = new AtomicLong();
            List<Thread> senders = new ArrayList<>();
            long started = System.nanoTime();
            for (int t = 0; t < options.senders(); t++) {
                senders.add(Thread.ofPlatform().name("dup-sender-" + t).start(() -> {
                    for (int k = next.getAndIncrement(); k < plan.size(); k = next.getAndIncrement()) {
                        Ping ping = plan.get(k);
                        int attempts = ping.retry() ? 2 : 1;
                        for (int a = 0; a < attempts; a++) {
                            Api.Response r = send(api, viewers[ping.session()], sessions[ping.session()], ping, sent);
                            if (r.success()) {
                                acknowledged.put(key(ping.session(), ping.intervalIndex()), Boolean.TRUE);
                            } else {
                                unexpected.incrementAndGet();
                                System.out.println("duplicates: ping answered " + r.status() + ": " + r.body());
                            }
                        }
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.println("duplicates: " + sent.get() + " pings in " + elapsedMs + " ms ("
                    + (sent.get() * 1000 / Math.max(1, elapsedMs)) + "/s), " + unexpected.get() + " not 2xx");
            List<Operation> history = new ArrayList<>(setup);
            for (int s = 0; s < sessionCount; s++) {
                for (int i = 0; i < intervals[s]; i++) {
                    history.add(new Operation(
                            "meter",
                            Operation.Effect.TRANSACTION,
                            Ledger.meterTransactionId(viewers[s], sessions[s], i),
                            acknowledged.containsKey(key(s, i))
                                    ? Operation.Outcome.ACKNOWLEDGED
                                    : Operation.Outcome.INDETERMINATE));
                }
            }
            List<String> violations;
            try (Connection connection = stack.postgres().connect()) {
                EventStoreChecker checker = EventStoreChecker.read(connection);
                violations = new ArrayList<>(checker.check(history));
                var totals = checker.totalsByParent();
                for (int s = 0; s < sessionCount; s++) {
                    String prefix = "meter:" + viewers[s] + ":" + sessions[s].sessionId() + ":";
                    var sessionTotals = totals.getOrDefault(prefix, new EventStoreChecker.PrefixTotals(0, 0));
                    long debits = sessionTotals.transactions();
                    long debitedMinor = sessionTotals.walletDebitMinor();
                    if (debits != intervals[s]) {
                        violations.add("session " + sessions[s].sessionId() + " has " + debits + " debits for "
                                + intervals[s] + " distinct intervals");
                    }
                    if (debitedMinor != debits * sessions[s].rateMinor()) {
                        violations.add("session " + sessions[s].sessionId() + " debited " + debitedMinor + " for "
                                + debits + " intervals at rate " + sessions[s].rateMinor());
                    }
                }
            }
            return new CheckReport(NAME, sent.get(), faults, violations, options.seed());
        }
    }

    private static Api.Response send(Api api, String viewer, Ledger.Session session, Ping ping, AtomicLong sent) {
        String body = Ledger.meterBody(session, ping.intervalIndex());
        long deadline = System.nanoTime() + RETRY_BUDGET.toNanos();
        while (true) {
            sent.incrementAndGet();
            Api.Response r = api.post("/api/v1/meter", viewer, "viewer", null, body);
            if (!r.indeterminate() || System.nanoTime() > deadline) {
                return r;
            }
            pause(Api.RETRY_BACKOFF.toMillis());
        }
    }

    /** Round-robin over sessions in a seeded order, keeping each session's own (shuffled) order. */
    private static List<Ping> interleave(List<List<Ping>> perSession, Random random) {
        List<Ping> plan = new ArrayList<>();
        int[] cursor = new int[perSession.size()];
        List<Integer> live = new ArrayList<>();
        for (int s = 0; s < perSession.size(); s++) {
            live.add(s);
        }
        while (!live.isEmpty()) {
            int pick = random.nextInt(live.size());
            int s = live.get(pick);
            plan.add(perSession.get(s).get(cursor[s]++));
            if (cursor[s] == perSession.get(s).size()) {
                live.remove(pick);
            }
        }
        return plan;
    }

    private static long key(int session, long intervalIndex) {
        return ((long) session << 32) | intervalIndex;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
