package io.creditcast.query.support;

import io.creditcast.testsupport.SharedElasticsearch;
import io.creditcast.testsupport.SharedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database with the command side's event store tables (the command service owns them; the tests
 * create them from a copy of its migration) and, on first use, the shared Elasticsearch.
 */
public final class QueryServiceTest {
    private static final AtomicInteger INDICES = new AtomicInteger();

    private QueryServiceTest() {}

    public static String databaseWithEventStore(String prefix) {
        String url = SharedPostgres.newDatabase(prefix);
        try (InputStream in = QueryServiceTest.class.getResourceAsStream("/command-side-event-store.sql");
                Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    public static String elasticsearchUrl() {
        return SharedElasticsearch.url();
    }

    public static String uniqueIndex(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + INDICES.incrementAndGet();
    }
}
