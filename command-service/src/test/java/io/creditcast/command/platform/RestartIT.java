package io.creditcast.command.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.CommandServiceApplication;
import io.creditcast.testsupport.SharedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Stops the service and starts a new one on the same database: nothing acknowledged is lost. The service
 * snapshots every 10 events here, so the restarted one loads the wallet from a stored snapshot plus the events
 * after it (an empty cache), and must still know every interval and tip it already took.
 */
class RestartIT {
    private final String url = SharedPostgres.newDatabase("restart_it");

    @Test
    void every_acknowledged_debit_and_tip_survives_a_restart() throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        long balanceBefore;
        String session;
        try (var app = start()) {
            WebTestClient c = client(app);
            post(
                    c,
                    "admin",
                    "admin",
                    "/api/v1/admin/wallets/v1/adjustments",
                    Map.of("amount_minor", 50, "reason", "seed"),
                    "f1");
            String stream =
                    (String) post(c, "cr", "creator", "/api/v1/streams", Map.of("title", "t", "category", "talk"), null)
                            .get("stream_id");
            session = (String) post(c, "v1", "viewer", "/api/v1/viewing-sessions", Map.of("stream_id", stream), null)
                    .get("session_id");
            for (long i = 0; i < 30; i++) {
                var r = post(
                        c,
                        "v1",
                        "viewer",
                        "/api/v1/meter",
                        Map.of("session_id", session, "interval_index", i, "playback_ms", 0),
                        null);
                acknowledged.add(((Number) r.get("remaining_credits")).longValue());
            }
            post(c, "v1", "viewer", "/api/v1/tips", Map.of("creator_id", "cr", "amount_minor", 5), "t1");
            balanceBefore = balance(c);
        }
        assertThat(acknowledged).hasSize(30).last().isEqualTo(20L);
        assertThat(balanceBefore).isEqualTo(15);
        long snapshotSequence = awaitWalletSnapshot("v1");
        assertThat(snapshotSequence)
                .as("a snapshot past the deposit and most pings")
                .isGreaterThanOrEqualTo(9);
        try (var app = start()) {
            WebTestClient c = client(app);
            assertThat(balance(c)).isEqualTo(balanceBefore);
            // and a retried tip after the restart is still the same single tip
            var replay = post(c, "v1", "viewer", "/api/v1/tips", Map.of("creator_id", "cr", "amount_minor", 5), "t1");
            assertThat(replay.get("replayed")).isEqualTo(true);
            assertThat(balance(c)).isEqualTo(15);
            // an interval paid before the snapshot, one paid after it, and a new one
            for (long paid : new long[] {3, 29}) {
                var again = post(c, "v1", "viewer", "/api/v1/meter", ping(session, paid), null);
                assertThat(again.get("replayed")).as("interval %d again", paid).isEqualTo(true);
            }
            var fresh = post(c, "v1", "viewer", "/api/v1/meter", ping(session, 30), null);
            assertThat(fresh.get("replayed")).isEqualTo(false);
            assertThat(balance(c)).isEqualTo(14);
        }
    }

    private static Map<String, Object> ping(String session, long interval) {
        return Map.of("session_id", session, "interval_index", interval, "playback_ms", 0);
    }

    /** The snapshot is taken on a background thread after the commit: waits for it (10 s at most). */
    private long awaitWalletSnapshot(String walletId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                PreparedStatement s = c.prepareStatement("SELECT max(sequencenumber) FROM snapshotevententry"
                        + " WHERE aggregateidentifier = ? AND type = 'Wallet'")) {
            s.setString(1, walletId);
            while (true) {
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    long sequence = r.getLong(1);
                    if (!r.wasNull()) {
                        return sequence;
                    }
                }
                assertThat(System.nanoTime())
                        .as("a wallet snapshot within 10 s")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private ConfigurableApplicationContext start() {
        // command-line arguments: they take precedence over application.yml (builder properties do not)
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--creditcast.settlement.enabled=false",
                        "--creditcast.event-store.snapshot-every-events=10",
                        "--creditcast.security.mode=dev-headers",
                        "--logging.level.root=WARN");
    }

    private static WebTestClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static Map<?, ?> post(WebTestClient c, String user, String roles, String path, Object body, String key) {
        var spec = c.post()
                .uri(path)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
                .bodyValue(body);
        if (key != null) {
            spec = c.post()
                    .uri(path)
                    .header("X-Creditcast-User", user)
                    .header("X-Creditcast-Roles", roles)
                    .header("Idempotency-Key", key)
                    .bodyValue(body);
        }
        return spec.exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static long balance(WebTestClient c) {
        Map<?, ?> body = c.get()
                .uri("/api/v1/wallet")
                .header("X-Creditcast-User", "v1")
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("balance_minor")).longValue();
    }
}
