package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.CommandServiceApplication;
import io.creditcast.command.chat.fanout.PostgresNoticeBus;
import io.creditcast.command.chat.fanout.RoomNotice;
import io.creditcast.command.chat.room.ConnectionRegistry;
import io.creditcast.command.config.AxonConfiguration.WalletCache;
import io.creditcast.command.support.Api;
import io.creditcast.testsupport.SharedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two instances of the command service (two Spring contexts, each on its own random port) against the
 * same PostgreSQL database, with clients on each: room events cross from one instance to the other
 * through PostgreSQL LISTEN/NOTIFY, moderation taken on one holds on the other, the per-user flood
 * limit counts messages accepted on both, and a wallet drained or topped up through one changes what the
 * user may do on the other.
 */
class ChatTwoInstancesIT {
    static final Duration BUS_READY = Duration.ofSeconds(30);
    static final int MAX_PER_USER = 3;
    /** Every client of these tests comes from this host: few tests hold more than two sockets at once. */
    static final int MAX_PER_IP = 5;

    static Instance a;
    static Instance b;

    String creator;
    String stream;
    String viewer;
    String other;

    /** One running service: its port, an HTTP client and the helpers of the other ITs bound to it. */
    record Instance(ConfigurableApplicationContext context, int port, WebTestClient client, Api api) {
        static Instance start(String databaseUrl) {
            // command-line arguments: they take precedence over application.yml (builder properties do not)
            var context = new SpringApplicationBuilder(CommandServiceApplication.class)
                    .run(
                            "--server.port=0",
                            "--spring.datasource.url=" + databaseUrl,
                            "--spring.datasource.username=postgres",
                            "--spring.datasource.password=postgres",
                            "--creditcast.settlement.enabled=false",
                            "--creditcast.chat.max-connections-per-user=3",
                            "--creditcast.chat.max-connections-per-ip=" + MAX_PER_IP,
                            "--creditcast.chat.history-size=5",
                            "--creditcast.security.mode=dev-headers",
                            "--logging.level.root=WARN");
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            var client = WebTestClient.bindToServer()
                    .baseUrl("http://localhost:" + port)
                    .responseTimeout(Duration.ofSeconds(20))
                    .build();
            return new Instance(context, port, client, new Api(client, context.getBean(JdbcTemplate.class)));
        }

        void awaitListening() {
            var bus = context.getBean(PostgresNoticeBus.class);
            long deadline = System.nanoTime() + BUS_READY.toNanos();
            while (!bus.listening()) {
                assertThat(System.nanoTime()).as("the chat bus listens").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }

        String token(String user, String stream) {
            return (String) tokenRequest(user, stream)
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("token");
        }

        WebTestClient.ResponseSpec tokenRequest(String user, String stream) {
            return client.get()
                    .uri("/api/v1/streams/" + stream + "/chat/token")
                    .header("X-Creditcast-User", user)
                    .header("X-Creditcast-Roles", user.startsWith("creator") ? "creator" : "viewer")
                    .exchange();
        }

        ChatClient join(String user, String stream) {
            return open(user, stream).joined();
        }

        /** A socket that may be refused (not yet waited for its welcome). */
        ChatClient open(String user, String stream) {
            return new ChatClient(port, "/api/v1/streams/" + stream + "/chat/ws?token=" + token(user, stream));
        }

        WebTestClient.ResponseSpec moderate(String user, String stream, String action, Map<String, Object> body) {
            var spec = action.equals("slow-mode") ? client.put() : client.post();
            return spec.uri("/api/v1/streams/" + stream + "/chat/moderation/" + action)
                    .header("X-Creditcast-User", user)
                    .header("X-Creditcast-Roles", "creator")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange();
        }
    }

    @BeforeAll
    static void startTwoInstances() {
        String url = SharedPostgres.newDatabase("chat_two_instances");
        a = Instance.start(url);
        b = Instance.start(url);
        a.awaitListening();
        b.awaitListening();
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.context().close();
        }
        if (a != null) {
            a.context().close();
        }
    }

    @BeforeEach
    void setUp() {
        creator = Api.unique("creator");
        viewer = Api.unique("viewer");
        other = Api.unique("viewer");
        stream = a.api().createStream(creator, "music");
        a.api().fund(viewer, 100);
        b.api().fund(other, 100);
    }

    @Test
    void a_message_sent_on_one_instance_reaches_clients_on_the_other_and_a_deletion_there_removes_it_on_both() {
        try (var onA = a.join(viewer, stream);
                var onB = b.join(other, stream)) {
            onA.say("hello from A");
            long id = ((Number) onA.await("ack").get("id")).longValue();
            var received = onB.await("message", f -> "hello from A".equals(f.get("text")));
            assertThat(((Number) received.get("id")).longValue()).isEqualTo(id);
            assertThat(received.get("user_id")).isEqualTo(viewer);

            onB.say("hello from B");
            onA.await("message", f -> "hello from B".equals(f.get("text")));

            b.moderate(creator, stream, "deletions", Map.of("message_id", id, "reason", "rude"))
                    .expectStatus()
                    .is2xxSuccessful();
            assertThat(((Number) onA.await("message_deleted").get("id")).longValue())
                    .isEqualTo(id);
            assertThat(((Number) onB.await("message_deleted").get("id")).longValue())
                    .isEqualTo(id);

            a.moderate(creator, stream, "slow-mode", Map.of("interval_s", 5, "reason", "calm"))
                    .expectStatus()
                    .is2xxSuccessful();
            assertThat(onB.await("slow_mode").get("interval_s")).isEqualTo(5);

            // the viewer count is the sum of both instances' connections
            onA.await("viewers", f -> Integer.valueOf(2).equals(f.get("count")));
            onB.await("viewers", f -> Integer.valueOf(2).equals(f.get("count")));
            // the local instance delivered its own message once, not again from the bus
            onA.roundTrip();
            assertThat(onA.seen("message").stream()
                            .filter(f -> "hello from A".equals(f.get("text")))
                            .count())
                    .isEqualTo(1);
        }
        try (var late = a.join(other, stream)) {
            List<?> history = (List<?>) late.await("history").get("messages");
            List<String> texts = history.stream()
                    .map(m -> String.valueOf(((Map<?, ?>) m).get("text")))
                    .toList();
            assertThat(texts).containsExactly("hello from B");
        }
    }

    @Test
    void a_ban_on_one_instance_closes_the_users_connection_on_the_other_and_holds_there() {
        try (var banned = b.join(other, stream);
                var watcher = b.join(viewer, stream)) {
            banned.say("before the ban"); // instance B now knows the room (and that it has no moderation yet)
            banned.await("ack");

            a.moderate(creator, stream, "bans", Map.of("user_id", other, "reason", "spam"))
                    .expectStatus()
                    .is2xxSuccessful();

            assertThat(banned.await("error").get("code")).isEqualTo("banned");
            assertThat(banned.awaitClose().getCode()).isEqualTo(4403);
            assertThat(watcher.await("user_banned").get("user_id")).isEqualTo(other);
        }
        b.tokenRequest(other, stream)
                .expectStatus()
                .isEqualTo(HttpStatus.FORBIDDEN)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/chat-banned");
    }

    @Test
    void the_rate_limit_counts_a_users_messages_on_every_instance() {
        try (var onA = a.join(viewer, stream);
                var onB = b.join(viewer, stream)) {
            for (int i = 1; i <= 10; i++) {
                onA.say("message " + i);
                onA.await("ack");
            }
            onB.say("message 11");
            var error = onB.await("error");
            assertThat(error.get("code")).isEqualTo("rate_limited");
            assertThat(error.get("limit")).isEqualTo(10);
        }
    }

    @Test
    void a_notice_larger_than_a_notify_payload_travels_by_reference() {
        String status = "x".repeat(PostgresNoticeBus.MAX_NOTIFY_PAYLOAD_BYTES + 1);
        try (var onB = b.join(other, stream)) {
            a.context()
                    .getBean(PostgresNoticeBus.class)
                    .publish(new RoomNotice.RoomFrame(
                            stream, "{\"type\":\"stream_status\",\"status\":\"" + status + "\"}", false));
            assertThat(onB.await("stream_status").get("status")).isEqualTo(status);
        }
        assertThat(a.context()
                        .getBean(JdbcTemplate.class)
                        .queryForObject("SELECT count(*) FROM chat_notice_overflow", Long.class))
                .isPositive();
    }

    @Test
    void a_tip_committed_on_one_instance_shows_in_the_creators_room_on_the_other() {
        try (var onB = b.join(other, stream)) {
            a.api()
                    .post(viewer, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 40), "tip-1")
                    .exchange()
                    .expectStatus()
                    .is2xxSuccessful();
            var tip = onB.await("tip");
            assertThat(tip.get("amount_minor")).isEqualTo(40);
            assertThat(tip.get("user_id")).isEqualTo(viewer);
        }
    }

    @Test
    void a_wallet_drained_on_one_instance_stops_sends_on_the_other_and_a_top_up_there_lets_them_again() {
        String spender = Api.unique("viewer");
        a.api().fund(spender, 90);
        try (var onB = b.join(spender, stream)) {
            onB.say("while funded");
            onB.await("ack");
            // a wallet command handled on B: B's cached Wallet now says 100, and only the notice from A can
            // tell B that this is no longer true
            b.api().fund(spender, 10);
            // A had the wallet cached too, at 90: the notice of B's top-up already dropped it; a read on A
            // drops it as well, which keeps this test about B (A's tip below must see 100 either way)
            a.token(spender, stream);

            a.api()
                    .post(
                            spender,
                            "viewer",
                            "/api/v1/tips",
                            Map.of("creator_id", creator, "amount_minor", 100),
                            Api.unique("drain"))
                    .exchange()
                    .expectStatus()
                    .isCreated();
            var told = onB.await("eligibility");
            assertThat(told.get("can_send")).isEqualTo(false);
            assertThat(told.get("reason")).isEqualTo("balance_zero");
            onB.say("after the drain");
            var refused = onB.await("error");
            assertThat(refused.get("code")).isEqualTo("not_eligible");
            assertThat(refused.get("reason")).isEqualTo("balance_zero");
            b.tokenRequest(spender, stream).expectStatus().isEqualTo(HttpStatus.PAYMENT_REQUIRED);

            a.api().fund(spender, 5);
            var back = onB.await("eligibility", f -> Boolean.TRUE.equals(f.get("can_send")));
            assertThat(back.get("reason")).isEqualTo("credits_available");
            assertThat(onB.await("low_balance").get("balance_minor")).isEqualTo(5);
            onB.say("topped up");
            assertThat(onB.await("ack").get("replayed")).isEqualTo(false);
            onB.await("message", f -> "topped up".equals(f.get("text")));
            // told once each (the frames awaited above are consumed): nothing repeated
            onB.roundTrip();
            assertThat(onB.seen("eligibility")).isEmpty();
            assertThat(onB.seen("low_balance")).isEmpty();
        }
    }

    @Test
    void after_its_listening_connection_breaks_an_instance_drops_the_wallets_it_may_hold_stale() {
        String user = Api.unique("viewer");
        a.api().fund(user, 50);
        try (var onB = b.join(user, stream)) {
            b.api().fund(user, 1); // B now holds the user's wallet in its cache
            var walletCache = b.context().getBean(WalletCache.class).cache();
            assertThat(walletCache.<String, Object>get(user)).isNotNull();
            var bus = b.context().getBean(PostgresNoticeBus.class);
            long before = bus.resubscriptions();

            // the server ends B's listening session (as a restart or a network cut would)
            a.context()
                    .getBean(JdbcTemplate.class)
                    .query(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                    + " WHERE application_name = 'creditcast-chat-fanout'",
                            rs -> {});
            long deadline = System.nanoTime() + BUS_READY.toNanos();
            while (bus.resubscriptions() == before || !bus.listening()) {
                assertThat(System.nanoTime()).as("B listens again").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            assertThat(walletCache.<String, Object>get(user)).isNull();
            onB.say("still here"); // and the room goes on
            onB.await("ack");
        }
        a.awaitListening();
        b.awaitListening();
    }

    /** Waits (bounded) until the registry holds exactly this many connections from this host. */
    static void awaitRegistered(long connections) {
        var jdbc = a.context().getBean(JdbcTemplate.class);
        long deadline = System.nanoTime() + BUS_READY.toNanos();
        while (true) {
            long n = jdbc.queryForObject("SELECT count(*) FROM chat_connections", Long.class);
            if (n == connections) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("%d registered chat connections (now %d)", connections, n)
                    .isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void the_connection_cap_per_user_counts_the_users_sockets_on_every_instance() {
        awaitRegistered(0); // sockets of earlier tests are released asynchronously
        try (var first = a.join(viewer, stream);
                var second = a.join(viewer, stream);
                var third = b.join(viewer, stream)) {
            var fourth = b.open(viewer, stream); // B holds one of the user's sockets, but A holds two
            var error = fourth.await("error");
            assertThat(error.get("code")).isEqualTo("too_many_connections_for_user");
            assertThat(error.get("limit")).isEqualTo(MAX_PER_USER);
            assertThat(fourth.awaitClose().getCode()).isEqualTo(4429);
            fourth.close();

            first.close(); // a socket closed on A frees a place on B
            awaitRegistered(MAX_PER_USER - 1);
            try (var again = b.join(viewer, stream)) {
                again.roundTrip();
            }
        }
    }

    @Test
    void the_connection_cap_per_ip_counts_the_hosts_sockets_on_every_instance_and_a_dead_instance_stops_counting() {
        awaitRegistered(0);
        var jdbc = a.context().getBean(JdbcTemplate.class);
        List<ChatClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_IP; i++) {
                String user = Api.unique("viewer");
                a.api().fund(user, 10);
                open.add((i % 2 == 0 ? a : b).join(user, stream));
            }
            String late = Api.unique("viewer");
            a.api().fund(late, 10);
            try (var refused = b.open(late, stream)) {
                var error = refused.await("error");
                assertThat(error.get("code")).isEqualTo("too_many_connections_from_ip");
                assertThat(error.get("limit")).isEqualTo(MAX_PER_IP);
                assertThat(refused.awaitClose().getCode()).isEqualTo(4429);
            }
            open.remove(0).close();
            awaitRegistered(MAX_PER_IP - 1);

            // an instance last heard of just inside the staleness window still holds its sockets ...
            String ip = jdbc.queryForObject("SELECT remote_ip FROM chat_connections LIMIT 1", String.class);
            jdbc.update(
                    "INSERT INTO chat_instances (instance_id, seen_at) VALUES ('ghost', now() - make_interval(secs => ?))",
                    (double) ConnectionRegistry.INSTANCE_STALE_S - 5);
            jdbc.update(
                    "INSERT INTO chat_connections (connection_id, instance_id, user_id, remote_ip)"
                            + " VALUES ('ghost-1', 'ghost', 'ghost-user', ?)",
                    ip);
            try (var refused = b.open(late, stream)) {
                assertThat(refused.await("error").get("code")).isEqualTo("too_many_connections_from_ip");
            }
            // ... and one not heard of for longer does not (it died without deleting its rows)
            jdbc.update(
                    "UPDATE chat_instances SET seen_at = now() - make_interval(secs => ?) WHERE instance_id = 'ghost'",
                    (double) ConnectionRegistry.INSTANCE_STALE_S + 1);
            try (var admitted = b.join(late, stream)) {
                admitted.roundTrip();
            }
        } finally {
            open.forEach(ChatClient::close);
            jdbc.update("DELETE FROM chat_connections WHERE instance_id = 'ghost'");
            jdbc.update("DELETE FROM chat_instances WHERE instance_id = 'ghost'");
        }
    }
}
