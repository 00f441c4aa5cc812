package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/** A real WebSocket client (Reactor Netty) in a chat room: sends frames, waits for typed frames. */
final class ChatClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<Map<String, Object>> inbox = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<CloseStatus> closed = Sinks.one();
    private final Disposable connection;

    ChatClient(int port, String pathAndQuery) {
        var client = new ReactorNettyWebSocketClient();
        connection = client.execute(URI.create("ws://localhost:" + port + pathAndQuery), session -> {
                    session.closeStatus().subscribe(closed::tryEmitValue, e -> {}, closed::tryEmitEmpty);
                    Mono<Void> in = session.receive()
                            .doOnNext(m -> inbox.add(parse(m.getPayloadAsText())))
                            .then();
                    Mono<Void> send = session.send(out.asFlux().map(session::textMessage));
                    return Mono.firstWithSignal(in, send);
                })
                .subscribe(v -> {}, e -> closed.tryEmitEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text) {
        return JSON.readValue(text, Map.class);
    }

    void send(Map<String, Object> frame) {
        out.tryEmitNext(JSON.writeValueAsString(frame));
    }

    void sendRaw(String text) {
        out.tryEmitNext(text);
    }

    void say(String text) {
        send(Map.of("type", "message", "text", text));
    }

    Map<String, Object> await(String type) {
        return await(type, f -> true);
    }

    /** The first frame of this type that matches, whether it already arrived or arrives within the wait. */
    Map<String, Object> await(String type, Predicate<Map<String, Object>> matching) {
        Predicate<Map<String, Object>> p = f -> type.equals(f.get("type")) && matching.test(f);
        for (Iterator<Map<String, Object>> it = pending.iterator(); it.hasNext(); ) {
            var f = it.next();
            if (p.test(f)) {
                it.remove();
                return f;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                var f = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
                if (f == null) {
                    return fail("no '" + type + "' frame within " + WAIT + "; other frames: " + pending);
                }
                if (p.test(f)) {
                    return f;
                }
                pending.add(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the room admitted this client (its welcome frame stays available to {@link #await}). */
    ChatClient joined() {
        pending.add(0, await("welcome"));
        return this;
    }

    /** Sends a ping and waits for its pong: proves the connection is open and every earlier frame was handled. */
    void roundTrip() {
        send(Map.of("type", "ping"));
        await("pong");
    }

    /** Frames of this type seen so far (after a round trip, everything sent before it has arrived). */
    List<Map<String, Object>> seen(String type) {
        inbox.drainTo(pending);
        return pending.stream().filter(f -> type.equals(f.get("type"))).toList();
    }

    CloseStatus awaitClose() {
        return closed.asMono().block(WAIT);
    }

    @Override
    public void close() {
        out.tryEmitComplete();
        connection.dispose();
    }
}
