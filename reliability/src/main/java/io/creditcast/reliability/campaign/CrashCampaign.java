package io.creditcast.reliability.campaign;

import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.check.EventStoreChecker;
import io.creditcast.reliability.check.Operation;
import io.creditcast.reliability.stack.Stack;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jepsen's bank workload against real processes: workers deposit (admin), ping metered intervals, tip
 * (Idempotency-Key) and request payouts, retrying every operation with the same key while the command
 * service and, on alternate cycles, PostgreSQL are SIGKILLed and restarted on the same data. The history
 * is then checked against the event store.
 */
public final class CrashCampaign {
    public static final String NAME = "crash";
    /** How long a client keeps retrying one operation across a crash before calling it indeterminate. */
    static final Duration RETRY_BUDGET = Duration.ofSeconds(90);
    /**
     * How long after the load stops the read models may take to project the whole store (includes the 5 s
     * quiet period {@link ReadModels#awaitCaughtUp} asks for).
     */
    public static final Duration READ_MODEL_CONVERGENCE_BOUND = Duration.ofSeconds(90);

    static final long DEPOSIT_MINOR = 500;
    static final long MAX_TIP_MINOR = 20;
    static final long MAX_PAYOUT_MINOR = 5;

    public record Options(int cycles, int workers, int viewersPerWorker, int creators, Duration upTime, long seed) {
        public Options {
            if (cycles < 1 || workers < 1 || viewersPerWorker < 1 || creators < 1) {
                throw new IllegalArgumentException("cycles, workers, viewers and creators must be positive");
            }
        }

        public static Options ci(long seed) {
            return new Options(4, 4, 3, 3, Duration.ofSeconds(3), seed);
        }

        public static Options longRun(long seed) {
            return new Options(100, 4, 5, 5, Duration.ofSeconds(4), seed);
        }
    }

    private final Stack stack;
    private final Options options;

    public CrashCampaign(Stack stack, Options options) {
        this.stack = stack;
        this.options = options;
    }

    public CheckReport run() throws SQLException, InterruptedException {
        Random random = new Random(options.seed());
        ConcurrentLinkedQueue<Operation> history = new ConcurrentLinkedQueue<>();
        AtomicLong faults = new AtomicLong();
        ConcurrentLinkedQueue<String> workerFailures = new ConcurrentLinkedQueue<>();
        try (Api api = new Api(stack.commandService().baseUrl())) {
            Ledger ledger = new Ledger(api, RETRY_BUDGET);
            List<String> creators = new ArrayList<>();
            List<String> streams = new ArrayList<>();
            String run = Long.toHexString(options.seed()) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
            for (int c = 0; c < options.creators(); c++) {
                String creator = "crash-creator-" + run + "-" + c;
                creators.add(creator);
                streams.add(ledger.createStream(creator));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sequence = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < options.workers(); w++) {
                long workerSeed = random.nextLong();
                int worker = w;
                workers.add(Thread.ofPlatform().name("crash-worker-" + w).start(() -> {
                    try {
                        work(ledger, new Random(workerSeed), worker, run, creators, streams, history, sequence, stop);
                    } catch (RuntimeException e) {
                        workerFailures.add("worker " + worker + " stopped: " + e);
                    }
                }));
            }
            boolean withQuery = stack.hasQueryService();
            for (int cycle = 1; cycle <= options.cycles(); cycle++) {
                Thread.sleep(options.upTime().toMillis() / 2
                        + random.nextLong(options.upTime().toMillis()));
                switch (victim(cycle, withQuery)) {
                    case COMMAND_SERVICE -> {
                        System.out.println("crash: cycle " + cycle + ": SIGKILL command service");
                        stack.commandService().kill();
                        faults.incrementAndGet();
                        stack.commandService().start();
                    }
                    case POSTGRES -> {
                        System.out.println("crash: cycle " + cycle + ": SIGKILL PostgreSQL");
                        stack.postgres().kill();
                        faults.incrementAndGet();
                        Thread.sleep(500);
                        stack.postgres().start();
                    }
                    case QUERY_SERVICE -> {
                        System.out.println("crash: cycle " + cycle + ": SIGKILL query service");
                        stack.queryService().kill();
                        faults.incrementAndGet();
                        stack.queryService().start();
                    }
                }
            }
            Thread.sleep(options.upTime().toMillis());
            stop.set(true);
            for (Thread t : workers) {
                t.join(RETRY_BUDGET.toMillis() * 2);
            }
        }
        List<Operation> ops = List.copyOf(history);
        List<String> violations;
        try (Connection connection = stack.postgres().connect()) {
            violations = new ArrayList<>(EventStoreChecker.read(connection).check(ops));
        }
        // a worker that could not go on (setup failed across a crash) is a failed run, not a quiet one
        violations.addAll(workerFailures);
        if (stack.hasQueryService()) {
            violations.addAll(readModelsConverge());
        }
        return new CheckReport(NAME, ops.size(), faults.get(), violations, options.seed());
    }

    /** Which process a cycle kills: command service, PostgreSQL, then (with read models) the query service. */
    enum Victim {
        COMMAND_SERVICE,
        POSTGRES,
        QUERY_SERVICE
    }

    static Victim victim(int cycle, boolean withQueryService) {
        int kinds = withQueryService ? 3 : 2;
        return Victim.values()[(cycle - 1) % kinds];
    }

    /**
     * After the load: the query service's read models must reach the store's head within {@link
     * #READ_MODEL_CONVERGENCE_BOUND} and then hold the balances the event store folds to.
     */
    private List<String> readModelsConverge() throws SQLException {
        long started = System.nanoTime();
        try (Api api = new Api(stack.queryService().baseUrl())) {
            ReadModels readModels = new ReadModels(api);
            long head = readModels.awaitCaughtUp(READ_MODEL_CONVERGENCE_BOUND);
            if (head < 0) {
                return List.of("read models did not reach the store's head within " + READ_MODEL_CONVERGENCE_BOUND
                        + ": " + readModels.progress());
            }
            System.out.printf(
                    "crash: read models converged at head %d %d ms after the load stopped (bound %s)%n",
                    head, (System.nanoTime() - started) / 1_000_000, READ_MODEL_CONVERGENCE_BOUND);
            try (Connection connection = stack.postgres().connect()) {
                return ReadModels.compareWithFold(connection, EventStoreChecker.read(connection)).stream()
                        .map(v -> "read models: " + v)
                        .toList();
            }
        }
    }

    private void work(
            Ledger ledger,
            Random random,
            int worker,
            String run,
            List<String> creators,
            List<String> streams,
            ConcurrentLinkedQueue<Operation> history,
            AtomicLong sequence,
            AtomicBoolean stop) {
        int viewers = options.viewersPerWorker();
        String[] viewerIds = new String[viewers];
        Ledger.Session[] sessions = new Ledger.Session[viewers];
        long[] nextInterval = new long[viewers];
        for (int v = 0; v < viewers; v++) {
            viewerIds[v] = "crash-viewer-" + run + "-" + worker + "-" + v;
            history.add(ledger.deposit(viewerIds[v], "pay-" + run + "-" + sequence.incrementAndGet(), DEPOSIT_MINOR));
            sessions[v] = ledger.openSession(viewerIds[v], streams.get(random.nextInt(streams.size())));
        }
        while (!stop.get()) {
            int v = random.nextInt(viewers);
            int dice = random.nextInt(100);
            long seq = sequence.incrementAndGet();
            Operation op;
            if (dice < 10) {
                op = ledger.deposit(viewerIds[v], "pay-" + run + "-" + seq, 1 + random.nextLong(DEPOSIT_MINOR));
            } else if (dice < 75) {
                op = ledger.meter(viewerIds[v], sessions[v], nextInterval[v]++);
            } else if (dice < 92) {
                op = ledger.tip(
                        viewerIds[v],
                        creators.get(random.nextInt(creators.size())),
                        "tip-" + run + "-" + seq,
                        1 + random.nextLong(MAX_TIP_MINOR));
            } else {
                op = ledger.requestPayout(
                        creators.get(random.nextInt(creators.size())),
                        "payout-" + run + "-" + seq,
                        1 + random.nextLong(MAX_PAYOUT_MINOR));
            }
            history.add(op);
            if (nextInterval[v] >= 8_000) {
                // sessions end at interval 8,639: continue in a fresh session
                nextInterval[v] = 0;
                sessions[v] = ledger.openSession(viewerIds[v], streams.get(random.nextInt(streams.size())));
            }
        }
    }
}
