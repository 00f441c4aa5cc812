package io.creditcast.chat;

import io.creditcast.ledger.account.UserId;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moderation commands on one stream's chat room. Who may moderate (the stream's creator, moderators,
 * admins) is decided at the edge; the room records who did what and why.
 */
public final class ChatCommands {
    private ChatCommands() {}

    /** Longest moderation reason. */
    public static final int MAX_REASON_CHARS = 500;
    /** Longest mute: seven days. */
    public static final long MAX_MUTE_S = 7L * 24 * 3600;
    /** Longest slow-mode interval: one hour. */
    public static final int MAX_SLOW_MODE_S = 3600;

    static String requireReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("reason must be 1-" + MAX_REASON_CHARS + " characters");
        }
        return reason;
    }

    static String requireStream(String streamId) {
        Objects.requireNonNull(streamId, "streamId");
        if (streamId.isBlank() || streamId.length() > 200) {
            throw new IllegalArgumentException("streamId must be 1-200 characters");
        }
        return streamId;
    }

    /** A command addresses the room of the stream it names. */
    static void requireRoom(String roomId, String streamId) {
        requireStream(streamId);
        if (!ChatRoom.idOf(streamId).equals(roomId)) {
            throw new IllegalArgumentException("roomId must be " + ChatRoom.idOf(streamId));
        }
    }

    public record DeleteChatMessage(
            @TargetAggregateIdentifier String roomId,
            String streamId,
            long messageId,
            UserId authorId,
            UserId actorId,
            String reason) {
        public DeleteChatMessage {
            requireRoom(roomId, streamId);
            if (messageId <= 0) {
                throw new IllegalArgumentException("messageId must be positive");
            }
            Objects.requireNonNull(authorId, "authorId");
            Objects.requireNonNull(actorId, "actorId");
            requireReason(reason);
        }
    }

    public record MuteChatUser(
            @TargetAggregateIdentifier String roomId,
            String streamId,
            UserId targetId,
            long durationS,
            UserId actorId,
            String reason) {
        public MuteChatUser {
            requireRoom(roomId, streamId);
            Objects.requireNonNull(targetId, "targetId");
            if (durationS < 1 || durationS > MAX_MUTE_S) {
                throw new IllegalArgumentException("durationS must be 1-" + MAX_MUTE_S);
            }
            Objects.requireNonNull(actorId, "actorId");
            requireReason(reason);
        }
    }

    public record BanChatUser(
            @TargetAggregateIdentifier String roomId, String streamId, UserId targetId, UserId actorId, String reason) {
        public BanChatUser {
            requireRoom(roomId, streamId);
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(actorId, "actorId");
            requireReason(reason);
        }
    }

    public record UnbanChatUser(
            @TargetAggregateIdentifier String roomId, String streamId, UserId targetId, UserId actorId, String reason) {
        public UnbanChatUser {
            requireRoom(roomId, streamId);
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(actorId, "actorId");
            requireReason(reason);
        }
    }

    /** Slow mode: at most one message per {@code intervalS} per user; 0 switches it off. */
    public record SetSlowMode(
            @TargetAggregateIdentifier String roomId, String streamId, int intervalS, UserId actorId, String reason) {
        public SetSlowMode {
            requireRoom(roomId, streamId);
            if (intervalS < 0 || intervalS > MAX_SLOW_MODE_S) {
                throw new IllegalArgumentException("intervalS must be 0-" + MAX_SLOW_MODE_S);
            }
            Objects.requireNonNull(actorId, "actorId");
            requireReason(reason);
        }
    }
}
