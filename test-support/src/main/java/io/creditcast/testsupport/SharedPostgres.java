package io.creditcast.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (embedded binaries, no Docker), started once per JVM on a random port and
 * stopped at JVM exit. Each caller gets its own fresh database so test classes never share data.
 */
public final class SharedPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private SharedPostgres() {}

    /** The shared server; started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            // without the library's own shutdown hook: it stopped the server at once at JVM exit, while the Spring
            // contexts cached by the tests were still closing (their pools then waited for connections and
            // Surefire killed the fork 30 s after System.exit); closeQuietly waits for them first
            server = start(null, false);
            Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::closeQuietly, "postgres-stop"));
        }
        return server;
    }

    /**
     * Starts a server; with a data directory it keeps its data there between runs (the local run),
     * without one it uses a throw-away directory. The port is always random: a fixed busy port makes
     * embedded PostgreSQL fail silently and talk to someone else's server.
     */
    public static EmbeddedPostgres start(Path dataDirectory) {
        return start(dataDirectory, true);
    }

    /**
     * As {@link #start(Path)}; {@code registerShutdownHook} false leaves stopping the server at JVM exit to the
     * caller.
     */
    static EmbeddedPostgres start(Path dataDirectory, boolean registerShutdownHook) {
        try {
            var builder = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(registerShutdownHook)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /** Creates a new empty database on the shared server and returns its JDBC URL. */
    public static String newDatabase(String prefix) {
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(server(), name);
    }

    public static String jdbcUrl(EmbeddedPostgres pg, String database) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
    }

    public static DataSource dataSource(String database) {
        return server().getDatabase("postgres", database);
    }

    /** How long stopping the server waits for Spring's shutdown hook (the contexts still using the database). */
    static final long SPRING_SHUTDOWN_WAIT_MS = 20_000;

    /**
     * Stops the server after the Spring contexts cached by the tests are closed. Shutdown hooks run at the same
     * time: stopped first, the database left the closing contexts waiting for connections (Hikari's 30 s per
     * attempt), and Surefire killed the fork 30 s after {@code System.exit}.
     */
    private static void closeQuietly() {
        try {
            // the JVM starts every hook at once: give Spring's a moment to appear
            for (int look = 0; look < 5; look++) {
                Thread spring = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("SpringApplicationShutdownHook"))
                        .findFirst()
                        .orElse(null);
                if (spring != null) {
                    spring.join(SPRING_SHUTDOWN_WAIT_MS);
                    break;
                }
                Thread.sleep(40);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
