package io.creditcast.reliability.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.reliability.check.EventStoreChecker;
import io.creditcast.reliability.stack.QueryServiceProcess;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * What the harness knows about the query service's read models: the projections' progress (its admin
 * endpoint), a content hash per read-model table, and the comparison of the balances read model with a
 * fold of the event store by {@link EventStoreChecker} (which shares no code with the projections).
 */
public final class ReadModels {
    /** How long the store must stay unchanged (settlement runs every 2 s) before read models are compared. */
    static final Duration QUIET_PERIOD = Duration.ofSeconds(5);
    /** Tables in schema {@code read} that are bookkeeping, not read models. */
    static final List<String> NOT_READ_MODELS = List.of("tokenentry", "flyway_schema_history");
    /** Events missing from the journal listed per comparison (the count of balance differences is exact). */
    static final int MAX_MISSING_LISTED = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;

    public ReadModels(Api queryServiceApi) {
        this.api = queryServiceApi;
    }

    /** One projection's progress as the query service reports it. */
    public record Progress(String name, boolean running, boolean replaying, long position, long head, String error) {
        boolean caughtUp() {
            return running && !replaying && position >= head && error == null;
        }
    }

    /** Every projection's progress, or an empty list when the query service does not answer. */
    public List<Progress> progress() {
        Api.Response response = api.get("/api/v1/admin/projections", Ledger.ADMIN, Ledger.ADMIN_ROLES);
        if (!response.success()) {
            return List.of();
        }
        try {
            List<Progress> all = new ArrayList<>();
            for (JsonNode n : JSON.readTree(response.body())) {
                all.add(new Progress(
                        n.path("name").asText(),
                        n.path("running").asBoolean(),
                        n.path("replaying").asBoolean(),
                        n.path("position_global_index").asLong(),
                        n.path("head_global_index").asLong(),
                        n.path("error").isNull() ? null : n.path("error").asText()));
            }
            return all;
        } catch (IOException e) {
            return List.of();
        }
    }

    public Progress progress(String projection) {
        return progress().stream()
                .filter(p -> p.name().equals(projection))
                .findFirst()
                .orElse(null);
    }

    /** Asks the query service to rebuild one projection from the event store (admin replay). */
    public Api.Response replay(String projection) {
        return api.post(
                "/api/v1/admin/projections/" + projection + "/replay", Ledger.ADMIN, Ledger.ADMIN_ROLES, null, "");
    }

    /**
     * Injects a fault into a projection's processor inside the running query service (its fault injection is on
     * in the harness): {@code interrupt} its thread, {@code crash} it at the next replayed event, {@code clear}.
     */
    public Api.Response injectFault(String projection, String kind) {
        return api.post(
                "/api/v1/admin/projections/" + projection + "/faults/" + kind,
                Ledger.ADMIN,
                Ledger.ADMIN_ROLES,
                null,
                "");
    }

    /**
     * How often the query service's supervisor started each projection's processor again
     * ({@code creditcast_projection_restarts_total}).
     *
     * @throws IllegalStateException when the metrics do not answer
     */
    public Map<String, Long> restarts() {
        Api.Response response = api.send(
                java.net.http.HttpRequest.newBuilder(api.baseUrl().resolve("/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "text/plain")
                        .GET(),
                null,
                null,
                null);
        Map<String, Long> restarts = new TreeMap<>();
        if (!response.success()) {
            throw new IllegalStateException("the query service's metrics answered " + response.status() + ": "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
        for (String line : response.body().split("\n")) {
            if (line.startsWith("creditcast_projection_restarts_total{")) {
                int at = line.indexOf("processor=\"");
                if (at < 0) {
                    continue;
                }
                int from = at + "processor=\"".length();
                String processor = line.substring(from, line.indexOf('"', from));
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                restarts.put(processor, (long) value);
            }
        }
        return restarts;
    }

    /**
     * Waits until every projection the harness runs has projected the store's head and the head stayed
     * put for {@link #QUIET_PERIOD}.
     *
     * @return the head reached, or -1 when the bound passed first
     */
    public long awaitCaughtUp(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        long stableHead = -1;
        long stableSince = 0;
        while (System.nanoTime() < deadline) {
            List<Progress> all = progress();
            boolean complete = all.stream().map(Progress::name).toList().containsAll(QueryServiceProcess.PROJECTIONS);
            if (complete && all.stream().allMatch(Progress::caughtUp)) {
                long head = all.get(0).head();
                if (head != stableHead) {
                    stableHead = head;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince >= QUIET_PERIOD.toNanos()) {
                    return head;
                }
            } else {
                stableHead = -1;
            }
            pause(200);
        }
        return -1;
    }

    /** {@code md5} of every read-model table's rows (all columns: every one is derived from events alone). */
    public static Map<String, String> hashes(Connection connection) throws SQLException {
        Map<String, String> hashes = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'read' AND table_type = 'BASE TABLE'")) {
            while (r.next()) {
                if (!NOT_READ_MODELS.contains(r.getString(1))) {
                    tables.add(r.getString(1));
                }
            }
        }
        for (String table : tables) {
            try (Statement s = connection.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n'"
                            + " ORDER BY t::text), '')) FROM read." + table + " t")) {
                r.next();
                hashes.put(table, r.getLong(1) + " rows, md5 " + r.getString(2));
            }
        }
        return hashes;
    }

    /**
     * The balances read models against the fold of the event store: every account of {@code
     * read.account_balance} and every wallet of {@code read.wallet} must hold the folded balance, and every
     * account the fold knows must be in the read model.
     */
    public static List<String> compareWithFold(Connection connection, EventStoreChecker fold) throws SQLException {
        List<String> violations = new ArrayList<>();
        Map<String, Long> readModel = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT account_id, balance_minor FROM read.account_balance")) {
            while (r.next()) {
                readModel.put(r.getString(1), r.getLong(2));
            }
        }
        Map<String, Long> folded = fold.balances();
        for (var e : folded.entrySet()) {
            Long projected = readModel.get(e.getKey());
            if (projected == null || projected.longValue() != e.getValue()) {
                violations.add("read.account_balance " + e.getKey() + " = " + projected + ", the event store folds to "
                        + e.getValue());
            }
        }
        for (String account : readModel.keySet()) {
            if (!folded.containsKey(account)) {
                violations.add("read.account_balance has " + account + ", which no event posts to");
            }
        }
        // which events with postings the journal lacks (a lost event explains a balance difference)
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT d.globalindex, d.payloadtype, d.timestamp FROM domainevententry d"
                        + " WHERE convert_from(d.payload, 'UTF8')::jsonb ? 'postings' AND NOT EXISTS"
                        + " (SELECT 1 FROM read.journal j WHERE j.global_index = d.globalindex)"
                        + " ORDER BY d.globalindex LIMIT " + MAX_MISSING_LISTED)) {
            while (r.next()) {
                violations.add("read.journal lacks event " + r.getLong(1) + " (" + r.getString(2) + ", recorded "
                        + r.getString(3) + ")");
            }
        }
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT wallet_id, balance_minor FROM read.wallet")) {
            while (r.next()) {
                long expected = fold.balanceMinor("wallet:" + r.getString(1));
                if (r.getLong(2) != expected) {
                    violations.add("read.wallet " + r.getString(1) + " balance " + r.getLong(2)
                            + ", the event store folds to " + expected);
                }
            }
        }
        return violations;
    }

    /** Waits for a condition with a bound; true when it held in time. */
    static boolean await(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause(50);
        }
        return condition.getAsBoolean();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
