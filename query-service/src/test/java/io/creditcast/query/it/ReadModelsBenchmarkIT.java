package io.creditcast.query.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.creditcast.query.discovery.DiscoveryIndex;
import io.creditcast.query.projection.ProjectionAdmin;
import io.creditcast.query.projection.Projections;
import io.creditcast.query.support.CommandSide;
import io.creditcast.query.support.QueryServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The read-model figures of issue 5, printed as FIGURE lines. Runs only with
 * {@code -Dcreditcast.bench=true}: replay rate into PostgreSQL, projection lag p99 under a steady append
 * load, discovery query p95 over an index of {@code creditcast.bench.documents} documents.
 */
@EnabledIfSystemProperty(named = "creditcast.bench", matches = "true")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.root=WARN",
            "logging.structured.format.console=",
            "creditcast.security.mode=dev-headers"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadModelsBenchmarkIT {
    private static final String DB = QueryServiceTest.databaseWithEventStore("query_bench");
    private static final String INDEX = QueryServiceTest.uniqueIndex("discovery-bench");
    static final int EVENTS = Integer.getInteger("creditcast.bench.events", 50_000);
    static final int DOCUMENTS = Integer.getInteger("creditcast.bench.documents", 100_000);
    static final int LAG_EVENTS_PER_S = Integer.getInteger("creditcast.bench.lag-rate", 500);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("creditcast.query.database.url", () -> DB);
        registry.add("creditcast.query.database.username", () -> "postgres");
        registry.add("creditcast.query.database.password", () -> "postgres");
        registry.add("creditcast.query.elasticsearch.url", QueryServiceTest::elasticsearchUrl);
        registry.add("creditcast.query.elasticsearch.index", () -> INDEX);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcEventStorageEngine eventStore;

    @Autowired
    ProjectionAdmin admin;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    DiscoveryIndex discoveryIndex;

    // the lag run comes first: the timer's percentiles cover the last two minutes, and the hour-old events
    // of the replay run would otherwise count as lag
    @Test
    @Order(2)
    void replayRateIntoThePostgresReadModels() throws Exception {
        CommandSide command = new CommandSide(eventStore, Instant.now().minus(Duration.ofHours(1)));
        int wallets = 1_000;
        for (int w = 0; w < wallets; w++) {
            command.deposit("w" + w, "p" + w, "stripe", 1_000_000);
            command.sessionStarted("w" + w, "s" + w, "stream-1", "creator-1", 1);
        }
        for (int i = 0; i < EVENTS - 2 * wallets; i++) {
            int w = i % wallets;
            command.intervalDebited("w" + w, "s" + w, i / wallets, "stream-1", "creator-1", 1);
        }
        awaitCaughtUp(Projections.LEDGER, Duration.ofMinutes(10));
        long total = admin.status(Projections.LEDGER).headGlobalIndex();
        long started = System.nanoTime();
        admin.replay(Projections.LEDGER);
        awaitCaughtUp(Projections.LEDGER, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "FIGURE replay_events_per_s %.0f (ledger projection, %d events in %.1f s)%n",
                total / seconds, total, seconds);
    }

    @Test
    @Order(1)
    void projectionLagUnderASteadyAppendLoad() throws Exception {
        CommandSide command = new CommandSide(eventStore, Instant.now());
        command.deposit("lag", "p-lag", "stripe", 1_000_000);
        command.sessionStarted("lag", "s-lag", "stream-1", "creator-1", 1);
        awaitCaughtUp(Projections.LEDGER, Duration.ofMinutes(1));
        Timer timer = registry.find("creditcast.projection.lag")
                .tag("processor", Projections.LEDGER)
                .timer();
        long before = timer.count();
        int seconds = 15;
        long interval = 1_000_000_000L / LAG_EVENTS_PER_S;
        long next = System.nanoTime();
        for (int i = 0; i < seconds * LAG_EVENTS_PER_S; i++) {
            // stamp each event now, so the timer measures append → projected
            command.at(Instant.now()).intervalDebited("lag", "s-lag", i, "stream-1", "creator-1", 1);
            next += interval;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        awaitCaughtUp(Projections.LEDGER, Duration.ofMinutes(1));
        var snapshot = timer.takeSnapshot();
        double p99 = 0;
        for (var p : snapshot.percentileValues()) {
            if (p.percentile() == 0.99) {
                p99 = p.value(TimeUnit.MILLISECONDS);
            }
        }
        System.out.printf(
                "FIGURE projection_lag_p99_ms %.0f (ledger projection, %d events/s for %d s, %d events timed)%n",
                p99, LAG_EVENTS_PER_S, seconds, timer.count() - before);
    }

    @Test
    @Order(3)
    void discoveryQueryLatencyOverALargeIndex() throws Exception {
        discoveryIndex.ensure();
        String target = discoveryIndex.servingIndexForTests();
        String[] categories = {"music", "gaming", "talk", "art", "sports", "science", "cooking", "travel"};
        String[] languages = {"en", "de", "fr", "es", "pt"};
        String[] words = {
            "lofi",
            "beats",
            "speedrun",
            "marathon",
            "chill",
            "retro",
            "live",
            "study",
            "jazz",
            "chess",
            "painting",
            "coding",
            "football",
            "piano",
            "cosmos",
            "kitchen"
        };
        for (int start = 0; start < DOCUMENTS; start += 1_000) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (int i = start; i < Math.min(DOCUMENTS, start + 1_000); i++) {
                Map<String, Object> doc = new HashMap<>();
                String title = words[i % words.length] + " " + words[(i / 7) % words.length] + " " + i;
                doc.put("kind", i % 5 == 0 ? "creator" : "stream");
                doc.put("id", "b" + i);
                doc.put("creator_id", "creator" + (i / 5));
                doc.put("name", "creator" + (i / 5));
                doc.put("title", title);
                doc.put("tags", List.of(words[(i / 3) % words.length]));
                doc.put("category", categories[i % categories.length]);
                doc.put("language", languages[i % languages.length]);
                doc.put("status", i % 10 == 0 ? "live" : "offline");
                doc.put("viewer_count", i % 1000);
                doc.put("suggest", List.of(title));
                String id = "bench:" + i;
                bulk.operations(o -> o.index(x -> x.index(target).id(id).document(doc)));
            }
            var response = elasticsearch.bulk(bulk.build());
            if (response.errors()) {
                throw new AssertionError("bulk indexing failed");
            }
        }
        elasticsearch.indices().refresh(r -> r.index(target));
        WebTestClient http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            switch (i % 4) {
                case 0 -> queries.add("/api/v1/streams?status=live&category=" + categories[i % categories.length]);
                case 1 ->
                    queries.add("/api/v1/search?q=" + words[i % words.length] + "%20" + words[(i * 3) % words.length]);
                case 2 -> queries.add("/api/v1/search?q=" + words[i % words.length].substring(0, 4) + "x");
                default -> queries.add("/api/v1/search/suggest?prefix=" + words[i % words.length].substring(0, 3));
            }
        }
        for (int i = 0; i < 50; i++) {
            http.get().uri(queries.get(i)).exchange().expectStatus().isOk();
        }
        Histogram latency = new Histogram(60_000_000, 3);
        String[] kinds = {"live listing", "two-word search", "typo search", "suggest"};
        Histogram[] byKind = new Histogram[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            byKind[k] = new Histogram(60_000_000, 3);
        }
        for (int i = 0; i < queries.size(); i++) {
            long t = System.nanoTime();
            http.get().uri(queries.get(i)).exchange().expectStatus().isOk();
            long micros = (System.nanoTime() - t) / 1_000;
            latency.recordValue(micros);
            byKind[i % kinds.length].recordValue(micros);
        }
        for (int k = 0; k < kinds.length; k++) {
            System.out.printf(
                    "discovery %s: p50 %.1f ms, p95 %.1f ms%n",
                    kinds[k], byKind[k].getValueAtPercentile(50) / 1000.0, byKind[k].getValueAtPercentile(95) / 1000.0);
        }
        System.out.printf(
                "FIGURE discovery_query_p95_ms %.1f (%d documents indexed, %d queries over HTTP: live listing, search, typo, suggest)%n",
                latency.getValueAtPercentile(95) / 1000.0, DOCUMENTS, queries.size());
    }

    private void awaitCaughtUp(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var s = admin.status(name);
            if (!s.replaying() && s.behindEvents() == 0 && s.positionGlobalIndex() >= s.headGlobalIndex()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " not caught up: " + admin.status(name));
    }
}
