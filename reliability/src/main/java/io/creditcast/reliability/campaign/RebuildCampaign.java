package io.creditcast.reliability.campaign;

import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.check.EventStoreChecker;
import io.creditcast.reliability.stack.QueryServiceProcess;
import io.creditcast.reliability.stack.Stack;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 7 §4: every read model is dropped and rebuilt by replay, with the query service SIGKILLed in the
 * middle of the replay and restarted; the rebuilt content must hash the same as the live-built one, and
 * the balances read model must equal the fold of the event store before and after.
 *
 * <p>Steps: wait until every projection has projected the store's head and the store stayed quiet; hash
 * every read-model table; compare balances with the fold; {@code POST …/projections/{name}/replay} for
 * every projection (each one's reset handler truncates its tables); SIGKILL the query service once the
 * ledger replay has passed a seeded fraction of the store; restart it (the replay token was committed, so
 * the replay goes on from there); wait again; hash again and compare; compare balances with the fold.
 * Then the same again with the faults inside the running service (issue 7 §4, "a processor thread killed
 * mid-replay"): the ledger's processor thread dies of an Error mid-batch and the others' are interrupted; the
 * query service's supervisor must start them again and the hashes must still match.
 */
public final class RebuildCampaign {
    public static final String NAME = "rebuild";
    /** How long the read models may take to project the whole store (live catch-up or a full replay). */
    public static final Duration CONVERGENCE_BOUND = Duration.ofMinutes(5);

    static final String LEDGER = "ledger";

    private final Stack stack;
    private final long seed;

    public RebuildCampaign(Stack stack, long seed) {
        this.stack = stack;
        this.seed = seed;
    }

    public CheckReport run() throws SQLException {
        Random random = new Random(seed);
        List<String> violations = new ArrayList<>();
        long operations = 0;
        long faults = 0;
        QueryServiceProcess query = stack.queryService();
        try (Api api = new Api(query.baseUrl())) {
            ReadModels readModels = new ReadModels(api);
            long started = System.nanoTime();
            long head = readModels.awaitCaughtUp(CONVERGENCE_BOUND);
            if (head < 0) {
                violations.add("the live read models did not reach the store's head within " + CONVERGENCE_BOUND + ": "
                        + readModels.progress());
                return new CheckReport(NAME, operations, faults, violations, seed);
            }
            System.out.printf("rebuild: live read models at head %d after %d ms%n", head, ms(started));
            Map<String, String> live;
            try (Connection c = stack.postgres().connect()) {
                live = ReadModels.hashes(c);
                violations.addAll(prefixed("live: ", ReadModels.compareWithFold(c, EventStoreChecker.read(c))));
            }
            live.forEach((table, hash) -> System.out.println("rebuild: live read." + table + " " + hash));

            // kill once the ledger replay has passed this share of the store
            double killAt = 0.2 + random.nextDouble() * 0.6;
            long replayStarted = System.nanoTime();
            operations += replayAll(readModels, "replay", violations);
            boolean midReplay = awaitLedgerAt(readModels, killAt);
            ReadModels.Progress atKill = readModels.progress("ledger");
            System.out.printf(
                    "rebuild: SIGKILL query service during replay at %s (aimed at %.0f%% of the store)%n",
                    atKill, killAt * 100);
            query.kill();
            faults++;
            if (!midReplay || atKill == null || !atKill.replaying()) {
                // the replay finished before the aimed point: still a valid rebuild, but the kill missed it
                System.out.println("rebuild: note: the replay had finished before the kill; the store is too small"
                        + " for this machine's replay speed");
            }
            query.start();
            long rebuiltHead = readModels.awaitCaughtUp(CONVERGENCE_BOUND);
            if (rebuiltHead < 0) {
                violations.add("the rebuilt read models did not reach the store's head within " + CONVERGENCE_BOUND
                        + " after the kill: " + readModels.progress());
                return new CheckReport(NAME, operations, faults, violations, seed);
            }
            System.out.printf(
                    "rebuild: replay with kill and restart converged at head %d in %d ms%n",
                    rebuiltHead, ms(replayStarted));
            operations += compareRebuilt(live, head, rebuiltHead, "rebuilt", violations);

            // second round: processor threads killed inside the running service, mid-replay
            ThreadFaults threadFaults = threadFaultsMidReplay(readModels, random);
            operations += threadFaults.operations();
            faults += threadFaults.faults();
            violations.addAll(threadFaults.violations());
            if (threadFaults.head() >= 0) {
                operations += compareRebuilt(
                        live, head, threadFaults.head(), "rebuilt with processor threads killed", violations);
            }
        }
        return new CheckReport(NAME, operations, faults, violations, seed);
    }

    /** What the round with killed processor threads did; head -1 when it did not converge. */
    record ThreadFaults(long operations, long faults, List<String> violations, long head) {}

    /**
     * Every projection replayed again; once the ledger's replay has passed a seeded share of the store, its
     * processor thread dies of an Error in the middle of a batch ({@code crash}) and the other projections'
     * threads are interrupted, all inside the running query service. Its supervisor must start the stopped
     * processors again from their committed tokens: the ledger's restart is required whenever its crash fired
     * (learnt by disarming it afterwards); the interrupted ones may instead have seen the interrupt as a failed
     * batch and retried.
     */
    private ThreadFaults threadFaultsMidReplay(ReadModels readModels, Random random) {
        List<String> violations = new ArrayList<>();
        long operations = 0;
        long faults = 0;
        Map<String, Long> restartsBefore;
        try {
            restartsBefore = readModels.restarts();
        } catch (IllegalStateException e) {
            violations.add("processor restarts could not be read: " + e.getMessage());
            return new ThreadFaults(operations, faults, violations, -1);
        }
        double faultAt = 0.2 + random.nextDouble() * 0.6;
        long started = System.nanoTime();
        operations += replayAll(readModels, "second replay", violations);
        awaitLedgerAt(readModels, faultAt);
        ReadModels.Progress atFault = readModels.progress("ledger");
        boolean ledgerMidReplay = atFault != null && atFault.replaying();
        for (String projection : QueryServiceProcess.PROJECTIONS) {
            String kind = projection.equals(LEDGER) ? "crash" : "interrupt";
            Api.Response response = readModels.injectFault(projection, kind);
            operations++;
            if (response.status() != 202) {
                violations.add("fault " + kind + " into " + projection + " answered " + response.status() + ": "
                        + response.body());
            } else {
                faults++;
            }
        }
        System.out.printf(
                "rebuild: processor threads killed inside the running query service at %s (aimed at %.0f%%): "
                        + "ledger crash, others interrupted%n",
                atFault, faultAt * 100);
        long converged = readModels.awaitCaughtUp(CONVERGENCE_BOUND);
        Map<String, Long> restartsAfter;
        try {
            restartsAfter = readModels.restarts();
        } catch (IllegalStateException e) {
            violations.add("processor restarts could not be read after the faults: " + e.getMessage());
            restartsAfter = restartsBefore;
        }
        Map<String, Long> restarted = new java.util.TreeMap<>();
        for (String projection : QueryServiceProcess.PROJECTIONS) {
            restarted.put(
                    projection,
                    restartsAfter.getOrDefault(projection, 0L) - restartsBefore.getOrDefault(projection, 0L));
        }
        System.out.printf(
                "rebuild: processors started again by the supervisor: %s; converged at head %d in %d ms%n",
                restarted, converged, ms(started));
        if (converged < 0) {
            violations.add("the read models did not reach the store's head within " + CONVERGENCE_BOUND
                    + " after processor threads were killed: " + readModels.progress());
        }
        // a crash armed after the ledger's replay had ended finds no replayed event to die on: disarm it, and
        // learn from the answer whether it fired
        Api.Response clear = readModels.injectFault(LEDGER, "clear");
        operations++;
        boolean crashFired = clear.status() == 202 && clear.body().contains("nothing armed");
        if (crashFired) {
            if (restarted.getOrDefault(LEDGER, 0L) < 1) {
                violations.add("the ledger's processor thread died mid-replay but the supervisor did not start it"
                        + " again (restarts " + restarted + ")");
            }
        } else {
            System.out.println("rebuild: note: the ledger replay had finished before the crash could hit it ("
                    + (ledgerMidReplay ? "it ended right after the fault was armed" : "before the aimed point")
                    + ")");
        }
        return new ThreadFaults(operations, faults, violations, converged);
    }

    /** Asks for a replay of every projection; a refusal is a violation. Returns the requests made. */
    private static int replayAll(ReadModels readModels, String round, List<String> violations) {
        for (String projection : QueryServiceProcess.PROJECTIONS) {
            Api.Response response = readModels.replay(projection);
            if (response.status() != 202) {
                violations.add(round + " of " + projection + " answered " + response.status() + ": " + response.body());
            }
        }
        return QueryServiceProcess.PROJECTIONS.size();
    }

    /** Waits until the ledger's replay has passed this share of the store (or ended); false when the bound passed. */
    private static boolean awaitLedgerAt(ReadModels readModels, double share) {
        return ReadModels.await(CONVERGENCE_BOUND, () -> {
            ReadModels.Progress ledger = readModels.progress(LEDGER);
            return ledger != null && (!ledger.replaying() || ledger.position() >= (long) (share * ledger.head()));
        });
    }

    /**
     * Hashes every read-model table again and compares it with the live-built one (unless new events arrived
     * meanwhile: then only the fold comparison counts), and compares the balances with the fold of the store.
     * Returns the tables hashed.
     */
    private int compareRebuilt(
            Map<String, String> live, long liveHead, long rebuiltHead, String round, List<String> violations)
            throws SQLException {
        try (Connection c = stack.postgres().connect()) {
            Map<String, String> rebuilt = ReadModels.hashes(c);
            if (rebuiltHead == liveHead) {
                for (var e : live.entrySet()) {
                    String after = rebuilt.get(e.getKey());
                    if (!e.getValue().equals(after)) {
                        violations.add("read." + e.getKey() + " live " + e.getValue() + " but " + round + " " + after);
                    }
                }
            } else {
                // new events arrived while rebuilding (e.g. a late settlement): hashes are not comparable, the
                // fold comparison still is
                System.out.printf(
                        "rebuild: note: the store moved from %d to %d during the rebuild (%s); hashes not compared%n",
                        liveHead, rebuiltHead, round);
            }
            violations.addAll(prefixed(round + ": ", ReadModels.compareWithFold(c, EventStoreChecker.read(c))));
            return rebuilt.size();
        }
    }

    static List<String> prefixed(String prefix, List<String> violations) {
        return violations.stream().map(v -> prefix + v).toList();
    }

    private static long ms(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
