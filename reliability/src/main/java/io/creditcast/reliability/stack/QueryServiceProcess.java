package io.creditcast.reliability.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query service's exec jar on the same PostgreSQL as the command service: its tracking processors
 * read {@code domainevententry} and write the read models (schema {@code read}). Discovery is switched
 * off ({@code creditcast.query.elasticsearch.enabled=false}): the harness starts no Elasticsearch, so
 * the rebuild campaign covers the three PostgreSQL projections (ledger, earnings, analytics).
 */
public final class QueryServiceProcess extends ServiceProcess {
    /** The projections that run without Elasticsearch (the query service's {@code Projections.enabled}). */
    public static final List<String> PROJECTIONS = List.of("ledger", "earnings", "analytics");

    public QueryServiceProcess(Path jar, Path logFile, String jdbcUrl, String dbUser) {
        super(
                "query-service",
                jar,
                logFile,
                Map.of("AXONIQ_UPDATE_CHECKER_DISABLED", "true"),
                arguments(jdbcUrl, dbUser));
    }

    static List<String> arguments(String jdbcUrl, String dbUser) {
        List<String> arguments = new ArrayList<>();
        // the campaigns act as an admin through security-support's explicit dev-headers mode
        arguments.add("--creditcast.security.mode=dev-headers");
        arguments.add("--creditcast.query.elasticsearch.enabled=false");
        // the rebuild campaign interrupts and kills processor threads through the admin API
        arguments.add("--creditcast.query.fault-injection.enabled=true");
        arguments.add("--creditcast.query.processing.supervise-interval-ms=500");
        arguments.add("--creditcast.query.database.url=" + jdbcUrl);
        arguments.add("--creditcast.query.database.username=" + dbUser);
        arguments.add("--creditcast.query.database.password=unused");
        return arguments;
    }
}
