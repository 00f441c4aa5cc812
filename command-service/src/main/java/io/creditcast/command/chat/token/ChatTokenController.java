package io.creditcast.command.chat.token;

import io.creditcast.command.chat.ChatProblem;
import io.creditcast.command.chat.message.ChatSender;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.UserId;
import io.creditcast.stream.Stream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Room tokens: only for users with credits (the creator and moderators always), never for banned users. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "chat")
public class ChatTokenController {
    private final RoomTokens tokens;
    private final AggregateReader reader;
    private final CommandSender commands;
    private final ChatSender sender;
    private final RoomStandings standings;

    public ChatTokenController(
            RoomTokens tokens,
            AggregateReader reader,
            CommandSender commands,
            ChatSender sender,
            RoomStandings standings) {
        this.standings = standings;
        this.tokens = tokens;
        this.reader = reader;
        this.commands = commands;
        this.sender = sender;
    }

    public record ChatTokenResponse(
            String token, String streamId, String expiresAt, boolean privileged, String wsPath, String eventsPath) {}

    /** The creator of the stream, moderators and admins may moderate it (and chat without credits). */
    public static boolean privileged(Actor actor, UserId creator) {
        return actor.userId().equals(creator) || actor.has("moderator") || actor.has("admin");
    }

    @GetMapping("/streams/{streamId}/chat/token")
    @Operation(summary = "A short-lived signed room token (needs wallet balance > 0)")
    @ApiResponse(responseCode = "200", description = "token issued")
    @ApiResponse(responseCode = "402", description = "problem type chat-top-up-required: the wallet has no credits")
    @ApiResponse(responseCode = "403", description = "problem type chat-banned")
    @ApiResponse(responseCode = "404", description = "problem type unknown-stream")
    public Mono<ChatTokenResponse> token(@PathVariable String streamId, Authentication auth) {
        Actor actor = Actor.of(auth);
        return commands.blocking(() -> {
            UserId creator = reader.read(Stream.class, streamId, Stream::creatorId, null);
            if (creator == null) {
                throw new ApiException(ProblemTypes.UNKNOWN_STREAM, "no stream " + streamId);
            }
            boolean privileged = privileged(actor, creator);
            var standing = standings.of(streamId, actor.userId());
            if (standing.banned()) {
                throw new ChatProblem(ChatProblem.Type.BANNED, "you are banned from this stream's chat");
            }
            if (!privileged) {
                String ineligible = sender.ineligibility(actor.userId());
                if (ineligible != null) {
                    throw new ChatProblem(
                            ChatProblem.Type.TOP_UP_REQUIRED,
                            "chat needs credits in your wallet",
                            Map.of("reason", ineligible, "top_up_path", "/api/v1/wallet"));
                }
            }
            String token = tokens.issue(streamId, actor.userId(), privileged);
            String base = "/api/v1/streams/" + streamId + "/chat/";
            return new ChatTokenResponse(
                    token,
                    streamId,
                    tokens.expiryOf(token).toString(),
                    privileged,
                    base + "ws?token=" + token,
                    base + "events?token=" + token);
        });
    }
}
