package io.creditcast.command.chat.room;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.command.chat.message.ChatMessageStore;
import io.creditcast.command.chat.message.ChatSender;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.token.RoomTokens;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.UserId;
import io.creditcast.stream.Stream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Admits a client to a room: a valid token for this stream, not banned, within the connection caps;
 * then the welcome frame, the recent history and, for a viewer without credits, an eligibility frame.
 */
public class RoomJoiner {
    private static final String PREFIX = "/api/v1/streams/";

    private final RoomTokens tokens;
    private final AggregateReader reader;
    private final CommandSender commands;
    private final ChatMessageStore store;
    private final ChatHub hub;
    private final ChatFrames frames;
    private final ChatSender sender;
    private final ChatProperties properties;
    private final RoomStandings standings;
    private final ConnectionRegistry registry;

    public RoomJoiner(
            RoomTokens tokens,
            AggregateReader reader,
            CommandSender commands,
            ChatMessageStore store,
            ChatHub hub,
            ChatFrames frames,
            ChatSender sender,
            ChatProperties properties,
            RoomStandings standings,
            ConnectionRegistry registry) {
        this.standings = standings;
        this.registry = registry;
        this.tokens = tokens;
        this.reader = reader;
        this.commands = commands;
        this.store = store;
        this.hub = hub;
        this.frames = frames;
        this.sender = sender;
        this.properties = properties;
    }

    public sealed interface JoinResult {}

    public record Joined(ChatConnection connection) implements JoinResult {}

    public record Rejected(String frame, CloseStatus close) implements JoinResult {}

    /** {@code /api/v1/streams/{id}/chat/…} → {@code id}, or null. */
    public static String streamIdFromPath(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        int end = path.indexOf('/', PREFIX.length());
        return end <= PREFIX.length() ? null : path.substring(PREFIX.length(), end);
    }

    /**
     * @param loop where the connection's frames are queued: the WebSocket channel's event loop, or
     *     {@link ChatConnection#DIRECT} for a stream without one
     */
    public Mono<JoinResult> join(String streamId, String token, String ip, boolean canSend, Executor loop) {
        var claims = tokens.verify(token).orElse(null);
        if (claims == null || streamId == null || !claims.streamId().equals(streamId)) {
            return Mono.just(new Rejected(
                    frames.error("token_invalid", "the room token is missing, forged, expired or for another room"),
                    CloseReasons.TOKEN_INVALID));
        }
        UserId user = claims.userId();
        return commands.blocking(() -> {
            UserId creator = reader.read(Stream.class, streamId, Stream::creatorId, null);
            if (creator == null) {
                return new Rejected(frames.error("unknown_stream", "no such stream"), CloseReasons.TOKEN_INVALID);
            }
            var standing = standings.of(streamId, user);
            if (standing.banned()) {
                return new Rejected(frames.error("banned", "you are banned from this chat"), CloseReasons.BANNED);
            }
            var c = new ChatConnection(
                    UUID.randomUUID().toString(),
                    streamId,
                    user,
                    claims.privileged(),
                    canSend,
                    ip,
                    properties.outboundQueueFrames(),
                    loop);
            c.offer(frames.welcome(
                    streamId, user.value(), canSend, standing.slowModeS(), properties.maxMessageCodePoints()));
            c.offer(frames.history(store.recent(streamId, properties.historySize())));
            if (canSend && !claims.privileged()) {
                String ineligible = sender.ineligibility(user);
                if (ineligible != null) {
                    c.eligible(false);
                    c.offer(frames.eligibility(false, ineligible));
                }
            }
            // this instance's caps first (no database round trip), then the same caps over every instance
            var admission = hub.join(c, creator);
            if (admission instanceof ChatHub.Admitted) {
                try {
                    admission = registry.admit(c);
                } catch (RuntimeException e) {
                    hub.leave(c);
                    c.released();
                    throw e;
                }
                if (admission instanceof ChatHub.Refused) {
                    hub.leave(c);
                }
            }
            return switch (admission) {
                case ChatHub.Admitted a -> new Joined(c);
                case ChatHub.Refused r -> {
                    c.released();
                    yield new Rejected(
                            frames.error(r.code(), "too many chat connections", Map.of("limit", r.limit())),
                            CloseReasons.TOO_MANY_CONNECTIONS);
                }
            };
        });
    }

    /** The client went (may be called more than once, possibly on an event loop: the delete runs elsewhere). */
    public void leave(ChatConnection c) {
        hub.leave(c);
        Schedulers.boundedElastic().schedule(() -> registry.release(c));
    }
}
