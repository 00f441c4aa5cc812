package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.testsupport.SharedPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fan-out benchmark (run explicitly: {@code -Dit.test=ChatFanoutBench}): N clients in one room, one
 * sender at R messages/s, delivery latency from send to receipt at every client. Clients run in the
 * same JVM as the server, so the CPU figure is server plus clients. Prints FIGURE lines.
 */
@AutoConfigureWebTestClient
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "creditcast.settlement.enabled=false",
            "creditcast.chat.rate-limit-messages=100000",
            "creditcast.chat.max-connections-per-user=10000",
            "creditcast.chat.max-connections-per-ip=10000",
            "creditcast.chat.duplicate-window-s=0",
            "creditcast.security.mode=dev-headers",
            "logging.level.root=WARN"
        })
class ChatFanoutBench {
    static final int CLIENTS = Integer.getInteger("chat.bench.clients", 2_000);
    static final int RATE_PER_S = Integer.getInteger("chat.bench.rate", 50);
    static final int SECONDS = Integer.getInteger("chat.bench.seconds", 20);
    static final int JOIN_BATCH = 100;
    static final String URL = SharedPostgres.newDatabase("chat_bench");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${local.server.port}")
    int port;

    @Test
    void one_room_with_many_clients() throws Exception {
        var api = new Api(client, jdbc);
        String creator = Api.unique("creator");
        String stream = api.createStream(creator, "music");
        String token = (String) client.get()
                .uri("/api/v1/streams/" + stream + "/chat/token")
                .header("X-Creditcast-User", creator)
                .header("X-Creditcast-Roles", "creator")
                .exchange()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("token");
        URI uri = URI.create("ws://localhost:" + port + "/api/v1/streams/" + stream + "/chat/ws?token=" + token);

        long[] latenciesNs = new long[CLIENTS * RATE_PER_S * SECONDS + 1];
        AtomicInteger samples = new AtomicInteger();
        AtomicLong dropped = new AtomicLong();
        CountDownLatch welcomed = new CountDownLatch(CLIENTS);
        var ws = new ReactorNettyWebSocketClient(
                HttpClient.create(ConnectionProvider.newConnection()),
                () -> reactor.netty.http.client.WebsocketClientSpec.builder());
        List<Disposable> connections = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            if (i > 0 && i % JOIN_BATCH == 0) { // join in waves, as a crowd arrives, not all in one instant
                long joined = i;
                long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (CLIENTS - welcomed.getCount() < joined && System.nanoTime() < waitUntil) {
                    Thread.sleep(20);
                }
            }
            connections.add(ws.execute(uri, session -> session.receive()
                            .doOnNext(m -> {
                                String text = m.getPayloadAsText();
                                if (text.startsWith("{\"type\":\"welcome\"")) {
                                    welcomed.countDown();
                                    return;
                                }
                                int at = text.indexOf("\"text\":\"t:");
                                if (at > 0) {
                                    long sentNs = Long.parseLong(text.substring(at + 10, text.indexOf('"', at + 10)));
                                    int n = samples.getAndIncrement();
                                    if (n < latenciesNs.length) {
                                        latenciesNs[n] = System.nanoTime() - sentNs;
                                    } else {
                                        dropped.incrementAndGet();
                                    }
                                }
                            })
                            .then())
                    .subscribe());
        }
        assertThat(welcomed.await(120, TimeUnit.SECONDS))
                .as("all clients joined")
                .isTrue();

        Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
        Disposable sender = ws.execute(uri, session -> session.send(out.asFlux().map(session::textMessage))
                        .and(session.receive().then()))
                .subscribe();
        Thread.sleep(1_000);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStartNs = os.getProcessCpuTime();
        long wallStartNs = System.nanoTime();
        long intervalNs = 1_000_000_000L / RATE_PER_S;
        for (int i = 0; i < RATE_PER_S * SECONDS; i++) {
            long due = wallStartNs + i * intervalNs;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            out.tryEmitNext("{\"type\":\"message\",\"text\":\"t:" + System.nanoTime() + "\"}");
        }
        long expected = (long) CLIENTS * RATE_PER_S * SECONDS;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (samples.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long wallNs = System.nanoTime() - wallStartNs;
        double cpuCores = (os.getProcessCpuTime() - cpuStartNs) / (double) wallNs;
        int n = Math.min(samples.get(), latenciesNs.length);
        long[] sorted = Arrays.copyOf(latenciesNs, n);
        Arrays.sort(sorted);
        double p50 = sorted[(int) (n * 0.50)] / 1e6;
        double p99 = sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6;
        System.out.printf("FIGURE chat_clients %d%n", CLIENTS);
        System.out.printf("FIGURE chat_messages_per_s %d%n", RATE_PER_S);
        System.out.printf("FIGURE chat_deliveries %d of %d%n", n, expected);
        System.out.printf("FIGURE chat_fanout_p50_ms %.1f%n", p50);
        System.out.printf("FIGURE chat_fanout_p99_ms %.1f%n", p99);
        System.out.printf("FIGURE chat_process_cpu_cores %.2f (server and clients, one JVM)%n", cpuCores);
        sender.dispose();
        connections.forEach(Disposable::dispose);
        assertThat(n).isPositive();
    }
}
