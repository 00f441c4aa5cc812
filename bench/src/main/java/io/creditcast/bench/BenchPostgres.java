package io.creditcast.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone PostgreSQL (zonky binaries) on a random free port for the benchmark scripts. Prints
 * {@code PG_URL=jdbc:postgresql://127.0.0.1:<port>/postgres} (user and password {@code postgres}) once it
 * accepts connections, then blocks until the process is terminated; a shutdown hook stops the server and
 * deletes its data directory.
 *
 * <p>Arguments {@code name=value} set server settings, e.g. {@code shared_buffers=256MB}. Commits are
 * durable by default ({@code synchronous_commit=on}, unlike zonky's test default) because the metering
 * benchmark measures durable debits.
 */
public final class BenchPostgres {

    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    static final Map<String, String> DEFAULT_SETTINGS = Map.of(
            "synchronous_commit", "on",
            "max_connections", "300");

    private BenchPostgres() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>(DEFAULT_SETTINGS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: BenchPostgres [setting=value ...], got '" + arg + "'");
                System.exit(2);
            }
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(STARTUP_WAIT);
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                postgres.close();
                            } catch (IOException e) {
                                System.err.println("stopping PostgreSQL failed: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "bench-postgres-stop"));
        System.out.println("PG_URL=jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
        System.out.println("PG_USER=postgres");
        System.out.println("PG_PASSWORD=postgres");
        System.out.flush();
        stopped.await();
    }
}
