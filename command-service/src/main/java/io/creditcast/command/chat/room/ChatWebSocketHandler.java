package io.creditcast.command.chat.room;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.command.chat.message.ChatSender;
import io.creditcast.command.chat.message.ChatSender.SendMessage;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.adapter.AbstractWebSocketSession;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/streams/{id}/chat/ws?token=…}: one room per stream. The room token authenticates the
 * socket (browsers cannot set headers on a WebSocket); inbound frames are handled one at a time per
 * connection, outbound frames go through the connection's bounded queue.
 */
public class ChatWebSocketHandler implements WebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(ChatWebSocketHandler.class);

    /** Malformed or unknown frames tolerated per connection before it is closed as protocol abuse. */
    public static final int MAX_BAD_FRAMES = 20;
    /** Frames read but not yet handled per connection; a client that floods past it is closed. */
    public static final int MAX_PENDING_FRAMES = 64;

    private static final String NOT_TEXT = new String("\u0000not-text");

    private final RoomJoiner joiner;
    private final ChatSender sender;
    private final ChatFrames frames;
    private final JsonMapper json;

    public ChatWebSocketHandler(
            RoomJoiner joiner, ChatSender sender, ChatFrames frames, JsonMapper json, ChatProperties properties) {
        this.joiner = joiner;
        this.sender = sender;
        this.frames = frames;
        this.json = json;
    }

    /** A client frame; unknown fields are refused. */
    public record InboundFrame(String type, String text, String clientMsgId, Boolean highlight) {}

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        var uri = session.getHandshakeInfo().getUri();
        String streamId = RoomJoiner.streamIdFromPath(uri.getPath());
        String token =
                UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("token");
        var remote = session.getHandshakeInfo().getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
        return joiner.join(streamId, token, ip, true, deliveryLoop(session)).flatMap(joined -> switch (joined) {
            case RoomJoiner.Rejected r ->
                session.send(Mono.just(session.textMessage(r.frame()))).then(session.close(r.close()));
            case RoomJoiner.Joined j -> run(session, j.connection());
        });
    }

    private Mono<Void> run(WebSocketSession session, ChatConnection c) {
        AtomicInteger badFrames = new AtomicInteger();
        // frames are read off the socket at once (text extracted on the event loop) into a bounded
        // queue and handled one at a time; the client going away ends the inbound side: leave at once
        Mono<Void> input = session.receive()
                .map(msg -> msg.getType() == WebSocketMessage.Type.TEXT ? msg.getPayloadAsText() : NOT_TEXT)
                .onBackpressureBuffer(MAX_PENDING_FRAMES, dropped -> c.closeWith(CloseReasons.PROTOCOL_ABUSE))
                .publishOn(Schedulers.boundedElastic(), 1)
                .concatMap(text -> inbound(c, text, badFrames), 1)
                .then()
                .doFinally(s -> joiner.leave(c));
        Mono<Void> output = session.send(c.frames()
                .map(f -> new WebSocketMessage(
                        WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(f.utf8()))));
        Mono<Void> closer = c.closeRequests().flatMap(session::close);
        return Mono.when(input, output, closer).doFinally(s -> joiner.leave(c));
    }

    /**
     * The session's channel event loop (Reactor Netty), where its frames are queued and written; any other
     * server, or a Spring version whose session no longer exposes its connection: the caller's thread
     * (correct, only slower for large rooms). Spring keeps the Reactor Netty connection behind a protected
     * accessor, hence the method handle, resolved once.
     */
    static Executor deliveryLoop(WebSocketSession session) {
        if (NETTY_CONNECTION != null && session instanceof ReactorNettyWebSocketSession netty) {
            try {
                var connection = (ReactorNettyWebSocketSession.WebSocketConnection) NETTY_CONNECTION.invoke(netty);
                if (connection.getInbound() instanceof Connection channelOwner) {
                    return channelOwner.channel().eventLoop();
                }
            } catch (Throwable e) {
                log.debug("no event loop for chat session {}", session.getId(), e);
            }
        }
        return ChatConnection.DIRECT;
    }

    private static final MethodHandle NETTY_CONNECTION = nettyConnectionAccessor();

    private static MethodHandle nettyConnectionAccessor() {
        try {
            Method getter = AbstractWebSocketSession.class.getDeclaredMethod("getDelegate");
            getter.setAccessible(true);
            return MethodHandles.lookup().unreflect(getter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("chat frames will be queued without the channel's event loop (slower fan-out)", e);
            return null;
        }
    }

    private Mono<Void> inbound(ChatConnection c, String text, AtomicInteger badFrames) {
        if (text == NOT_TEXT) { // identity: the sentinel, never a client string
            return bad(c, badFrames, "unsupported_frame", "only text frames are accepted");
        }
        InboundFrame frame;
        try {
            frame = json.readValue(text, InboundFrame.class);
        } catch (JacksonException e) {
            return bad(c, badFrames, "malformed_frame", "a frame is a JSON object with a type");
        }
        if (frame == null || frame.type() == null) {
            return bad(c, badFrames, "malformed_frame", "a frame is a JSON object with a type");
        }
        return switch (frame.type()) {
            case "message" ->
                sender.send(
                        c, new SendMessage(frame.text(), frame.clientMsgId(), Boolean.TRUE.equals(frame.highlight())));
            case "ping" -> {
                c.offer(frames.pong());
                yield Mono.empty();
            }
            default -> bad(c, badFrames, "unknown_type", "unknown frame type");
        };
    }

    private Mono<Void> bad(ChatConnection c, AtomicInteger badFrames, String code, String detail) {
        c.offer(frames.error(code, detail, Map.of("max_bad_frames", MAX_BAD_FRAMES)));
        if (badFrames.incrementAndGet() > MAX_BAD_FRAMES) {
            c.closeWith(CloseReasons.PROTOCOL_ABUSE);
        }
        return Mono.empty();
    }
}
