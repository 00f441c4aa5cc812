package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.chat.room.ChatConnection;
import io.creditcast.command.chat.room.ChatHub;
import io.creditcast.command.chat.room.CloseReasons;
import io.creditcast.command.chat.room.OutboundFrame;
import io.creditcast.ledger.account.UserId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections whose frames are queued on a delivery loop (in production the channel's Netty event loop;
 * here single-thread executors standing in for two of them).
 */
class ChatDeliveryLoopTest {
    static final UserId CREATOR = new UserId("creator-1");
    static final Duration WAIT = Duration.ofSeconds(5);

    final ExecutorService loopA = Executors.newSingleThreadExecutor();
    final ExecutorService loopB = Executors.newSingleThreadExecutor();
    final ChatHub hub =
            new ChatHub(new ChatProperties(300, 200, 50, 10, 30, 30, 1_000, 1_000, 4_096, 4096, 0, 10, 200, 100), null);

    @AfterEach
    void stopLoops() {
        loopA.shutdownNow();
        loopB.shutdownNow();
    }

    record Client(ChatConnection connection, List<OutboundFrame> received, List<Thread> threads, CountDownLatch done) {}

    Client join(String user, ExecutorService loop) {
        var c = new ChatConnection("c-" + user, "stream-1", new UserId(user), false, true, "10.0.0.1", 4_096, loop);
        assertThat(hub.join(c, CREATOR)).isInstanceOf(ChatHub.Admitted.class);
        List<OutboundFrame> received = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        var done = new CountDownLatch(1);
        c.frames()
                .doOnNext(f -> threads.add(Thread.currentThread()))
                .doFinally(s -> done.countDown())
                .subscribe(received::add);
        return new Client(c, received, threads, done);
    }

    @Test
    void a_broadcast_is_encoded_once_and_queued_on_each_connections_own_loop() throws Exception {
        var clients = IntStream.range(0, 6)
                .mapToObj(i -> join("viewer-" + i, i % 2 == 0 ? loopA : loopB))
                .toList();
        Thread threadOfA = loopA.submit(Thread::currentThread).get();
        Thread threadOfB = loopB.submit(Thread::currentThread).get();

        hub.broadcast("stream-1", "{\"type\":\"message\",\"text\":\"héllo\"}");
        clients.forEach(c -> c.connection().closeWith(CloseReasons.SLOW_CONSUMER));
        for (Client c : clients) {
            assertThat(c.done().await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }

        OutboundFrame first = clients.get(0).received().get(0);
        assertThat(first.utf8()).isEqualTo("{\"type\":\"message\",\"text\":\"héllo\"}".getBytes("UTF-8"));
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            assertThat(c.received()).hasSize(1);
            assertThat(c.received().get(0)).isSameAs(first); // one encoding for the whole room
            assertThat(c.threads()).containsOnly(i % 2 == 0 ? threadOfA : threadOfB);
        }
    }

    @Test
    void frames_from_any_thread_arrive_in_the_order_they_were_offered_and_before_a_close() throws Exception {
        var client = join("viewer-1", loopA);
        var other = Executors.newSingleThreadExecutor();
        try {
            // a producer thread and broadcasts interleaved: each source's order must hold, and all of
            // them must be delivered before the close that was requested after them
            var produced = other.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    client.connection().offer("{\"type\":\"p\",\"n\":" + i + "}");
                }
            });
            for (int i = 0; i < 500; i++) {
                hub.broadcast("stream-1", "{\"type\":\"b\",\"n\":" + i + "}");
            }
            produced.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            client.connection().offer("{\"type\":\"error\",\"code\":\"banned\"}");
            client.connection().closeWith(CloseReasons.BANNED);
            assertThat(client.connection().offer("{\"type\":\"late\"}")).isFalse();

            assertThat(client.done().await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(client.connection().closeRequests().block(WAIT)).isEqualTo(CloseReasons.BANNED);
            List<String> json =
                    client.received().stream().map(OutboundFrame::json).toList();
            assertThat(json).hasSize(1_001).last().isEqualTo("{\"type\":\"error\",\"code\":\"banned\"}");
            assertThat(json.stream().filter(j -> j.contains("\"p\"")))
                    .containsExactlyElementsOf(IntStream.range(0, 500)
                            .mapToObj(i -> "{\"type\":\"p\",\"n\":" + i + "}")
                            .toList());
            assertThat(json.stream().filter(j -> j.contains("\"b\"")))
                    .containsExactlyElementsOf(IntStream.range(0, 500)
                            .mapToObj(i -> "{\"type\":\"b\",\"n\":" + i + "}")
                            .toList());
        } finally {
            other.shutdownNow();
        }
    }
}
