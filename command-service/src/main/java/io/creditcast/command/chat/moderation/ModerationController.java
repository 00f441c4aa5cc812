package io.creditcast.command.chat.moderation;

import io.creditcast.chat.ChatCommands;
import io.creditcast.chat.ChatCommands.BanChatUser;
import io.creditcast.chat.ChatCommands.DeleteChatMessage;
import io.creditcast.chat.ChatCommands.MuteChatUser;
import io.creditcast.chat.ChatCommands.SetSlowMode;
import io.creditcast.chat.ChatCommands.UnbanChatUser;
import io.creditcast.chat.ChatRoom;
import io.creditcast.chat.ChatRoom.ModerationOutcome;
import io.creditcast.command.chat.ChatProblem;
import io.creditcast.command.chat.message.ChatMessageStore;
import io.creditcast.command.chat.token.ChatTokenController;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.UserId;
import io.creditcast.stream.Stream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Moderation of a stream's chat by its creator, moderators and admins. Each action is a command on the
 * room whose event records actor, target and reason; the room's clients see its effect at once.
 */
@RestController
@RequestMapping("/api/v1/streams/{streamId}/chat/moderation")
@Tag(name = "chat moderation")
public class ModerationController {
    private static final String USER = "[A-Za-z0-9._@-]{1,128}";

    private final CommandSender commands;
    private final AggregateReader reader;
    private final ChatMessageStore store;

    public ModerationController(CommandSender commands, AggregateReader reader, ChatMessageStore store) {
        this.commands = commands;
        this.reader = reader;
        this.store = store;
    }

    public record DeleteRequest(
            @NotNull @Positive Long messageId, @NotBlank @Size(max = ChatCommands.MAX_REASON_CHARS) String reason) {}

    public record MuteRequest(
            @NotBlank @Pattern(regexp = USER) String userId,
            @NotNull @Min(1) @Max(ChatCommands.MAX_MUTE_S) Long durationS,
            @NotBlank @Size(max = ChatCommands.MAX_REASON_CHARS) String reason) {}

    public record BanRequest(
            @NotBlank @Pattern(regexp = USER) String userId,
            @NotBlank @Size(max = ChatCommands.MAX_REASON_CHARS) String reason) {}

    public record SlowModeRequest(
            @NotNull @Min(0) @Max(ChatCommands.MAX_SLOW_MODE_S) Integer intervalS,
            @NotBlank @Size(max = ChatCommands.MAX_REASON_CHARS) String reason) {}

    public record ModerationResponse(String streamId, String action, String target, boolean changed) {}

    @PostMapping("/deletions")
    @Operation(summary = "Delete a message from every client (creator, moderator, admin)")
    public Mono<ModerationResponse> delete(
            @PathVariable String streamId, @Valid @RequestBody DeleteRequest r, Authentication auth) {
        Actor actor = Actor.of(auth);
        return moderate(streamId, actor, null, creator -> {
                    var message = store.byId(streamId, r.messageId())
                            .orElseThrow(() -> new ChatProblem(
                                    ChatProblem.Type.UNKNOWN_MESSAGE, "no message " + r.messageId() + " in this chat"));
                    return new DeleteChatMessage(
                            ChatRoom.idOf(streamId),
                            streamId,
                            message.id(),
                            new UserId(message.userId()),
                            actor.userId(),
                            r.reason());
                })
                .map(o -> new ModerationResponse(streamId, "delete", "message:" + r.messageId(), o.changed()));
    }

    @PostMapping("/mutes")
    @Operation(summary = "Mute a user in this chat for a period")
    public Mono<ModerationResponse> mute(
            @PathVariable String streamId, @Valid @RequestBody MuteRequest r, Authentication auth) {
        Actor actor = Actor.of(auth);
        UserId target = new UserId(r.userId());
        return moderate(
                        streamId,
                        actor,
                        target,
                        creator -> new MuteChatUser(
                                ChatRoom.idOf(streamId), streamId, target, r.durationS(), actor.userId(), r.reason()))
                .map(o -> new ModerationResponse(streamId, "mute", "user:" + target, o.changed()));
    }

    @PostMapping("/bans")
    @Operation(summary = "Ban a user from this chat (open connections are closed)")
    public Mono<ModerationResponse> ban(
            @PathVariable String streamId, @Valid @RequestBody BanRequest r, Authentication auth) {
        Actor actor = Actor.of(auth);
        UserId target = new UserId(r.userId());
        return moderate(
                        streamId,
                        actor,
                        target,
                        creator ->
                                new BanChatUser(ChatRoom.idOf(streamId), streamId, target, actor.userId(), r.reason()))
                .map(o -> new ModerationResponse(streamId, "ban", "user:" + target, o.changed()));
    }

    @PostMapping("/unbans")
    @Operation(summary = "Lift a ban")
    public Mono<ModerationResponse> unban(
            @PathVariable String streamId, @Valid @RequestBody BanRequest r, Authentication auth) {
        Actor actor = Actor.of(auth);
        UserId target = new UserId(r.userId());
        return moderate(
                        streamId,
                        actor,
                        target,
                        creator -> new UnbanChatUser(
                                ChatRoom.idOf(streamId), streamId, target, actor.userId(), r.reason()))
                .map(o -> new ModerationResponse(streamId, "unban", "user:" + target, o.changed()));
    }

    @PutMapping("/slow-mode")
    @Operation(summary = "Set slow mode (interval_s 0 switches it off)")
    public Mono<ModerationResponse> slowMode(
            @PathVariable String streamId, @Valid @RequestBody SlowModeRequest r, Authentication auth) {
        Actor actor = Actor.of(auth);
        return moderate(
                        streamId,
                        actor,
                        null,
                        creator -> new SetSlowMode(
                                ChatRoom.idOf(streamId), streamId, r.intervalS(), actor.userId(), r.reason()))
                .map(o -> new ModerationResponse(streamId, "slow_mode", "room", o.changed()));
    }

    /** Checks that the actor may moderate this stream and the target is not the creator, then sends. */
    private Mono<ModerationOutcome> moderate(
            String streamId, Actor actor, UserId target, Function<UserId, Object> command) {
        return commands.blocking(() -> {
                    UserId creator = reader.read(Stream.class, streamId, Stream::creatorId, null);
                    if (creator == null) {
                        throw new ApiException(ProblemTypes.UNKNOWN_STREAM, "no stream " + streamId);
                    }
                    if (!ChatTokenController.privileged(actor, creator)) {
                        throw new ChatProblem(
                                ChatProblem.Type.NOT_MODERATOR, "only the creator and moderators may moderate");
                    }
                    if (target != null && (target.equals(creator) || target.equals(actor.userId()))) {
                        throw new ApiException(
                                ProblemTypes.NOT_ALLOWED, "the creator and yourself cannot be muted or banned");
                    }
                    return command.apply(creator);
                })
                .flatMap(commands::<ModerationOutcome>send);
    }
}
