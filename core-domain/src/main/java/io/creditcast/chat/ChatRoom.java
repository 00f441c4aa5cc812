package io.creditcast.chat;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.chat.ChatCommands.BanChatUser;
import io.creditcast.chat.ChatCommands.DeleteChatMessage;
import io.creditcast.chat.ChatCommands.MuteChatUser;
import io.creditcast.chat.ChatCommands.SetSlowMode;
import io.creditcast.chat.ChatCommands.UnbanChatUser;
import io.creditcast.chat.ChatEvent.ChatMessageDeleted;
import io.creditcast.chat.ChatEvent.ChatUserBanned;
import io.creditcast.chat.ChatEvent.ChatUserMuted;
import io.creditcast.chat.ChatEvent.ChatUserUnbanned;
import io.creditcast.chat.ChatEvent.SlowModeChanged;
import io.creditcast.ledger.account.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * One stream's chat room: who is banned or muted and whether slow mode is on. Repeating an action that
 * is already in effect (deleting a deleted message, banning a banned user) records nothing.
 */
public class ChatRoom {
    /** Deleted message ids remembered for idempotency. */
    public static final int MAX_DELETED_REMEMBERED = 10_000;

    @AggregateIdentifier
    private String roomId;

    private Set<String> banned = new HashSet<>();
    private Map<String, Instant> mutedUntil = new HashMap<>();
    private LinkedHashSet<Long> deletedMessageIds = new LinkedHashSet<>();
    private int slowModeS;

    protected ChatRoom() {
        // for Axon
    }

    /** The aggregate id of a stream's room (aggregate ids share one namespace in the event store). */
    public static String idOf(String streamId) {
        return "chat-room:" + streamId;
    }

    /** Answers whether a moderation command changed anything. */
    public record ModerationOutcome(boolean changed) {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ModerationOutcome handle(DeleteChatMessage cmd) {
        if (deletedMessageIds.contains(cmd.messageId())) {
            return new ModerationOutcome(false);
        }
        apply(new ChatMessageDeleted(
                cmd.streamId(), cmd.messageId(), cmd.authorId(), cmd.actorId(), cmd.reason(), now()));
        return new ModerationOutcome(true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ModerationOutcome handle(MuteChatUser cmd) {
        Instant until = now().plusSeconds(cmd.durationS());
        apply(new ChatUserMuted(cmd.streamId(), cmd.targetId(), until, cmd.actorId(), cmd.reason(), now()));
        return new ModerationOutcome(true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ModerationOutcome handle(BanChatUser cmd) {
        if (banned.contains(cmd.targetId().value())) {
            return new ModerationOutcome(false);
        }
        apply(new ChatUserBanned(cmd.streamId(), cmd.targetId(), cmd.actorId(), cmd.reason(), now()));
        return new ModerationOutcome(true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ModerationOutcome handle(UnbanChatUser cmd) {
        if (!banned.contains(cmd.targetId().value())) {
            return new ModerationOutcome(false);
        }
        apply(new ChatUserUnbanned(cmd.streamId(), cmd.targetId(), cmd.actorId(), cmd.reason(), now()));
        return new ModerationOutcome(true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ModerationOutcome handle(SetSlowMode cmd) {
        if (roomId != null && slowModeS == cmd.intervalS()) {
            return new ModerationOutcome(false);
        }
        apply(new SlowModeChanged(cmd.streamId(), cmd.intervalS(), cmd.actorId(), cmd.reason(), now()));
        return new ModerationOutcome(true);
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    // ---- state -------------------------------------------------------------------------------------

    @EventSourcingHandler
    void on(ChatMessageDeleted e) {
        roomId = idOf(e.streamId());
        deletedMessageIds.add(e.messageId());
        if (deletedMessageIds.size() > MAX_DELETED_REMEMBERED) {
            deletedMessageIds.remove(deletedMessageIds.iterator().next());
        }
    }

    @EventSourcingHandler
    void on(ChatUserMuted e) {
        roomId = idOf(e.streamId());
        mutedUntil.put(e.targetId().value(), e.mutedUntil());
    }

    @EventSourcingHandler
    void on(ChatUserBanned e) {
        roomId = idOf(e.streamId());
        banned.add(e.targetId().value());
    }

    @EventSourcingHandler
    void on(ChatUserUnbanned e) {
        roomId = idOf(e.streamId());
        banned.remove(e.targetId().value());
    }

    @EventSourcingHandler
    void on(SlowModeChanged e) {
        roomId = idOf(e.streamId());
        slowModeS = e.intervalS();
    }

    // ---- views -------------------------------------------------------------------------------------

    public boolean isBanned(UserId user) {
        return banned.contains(user.value());
    }

    /** When the user's mute ends, or {@link Instant#MIN} when never muted. */
    public Instant mutedUntil(UserId user) {
        return mutedUntil.getOrDefault(user.value(), Instant.MIN);
    }

    public int slowModeS() {
        return slowModeS;
    }

    /** A snapshot of what the edge needs for one user. */
    public Standing standingOf(UserId user) {
        return new Standing(isBanned(user), mutedUntil(user), slowModeS);
    }

    public record Standing(boolean banned, Instant mutedUntil, int slowModeS) {
        public static final Standing NONE = new Standing(false, Instant.MIN, 0);
    }
}
