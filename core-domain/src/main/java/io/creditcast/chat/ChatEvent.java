package io.creditcast.chat;

import io.creditcast.ledger.account.UserId;
import java.time.Instant;

/**
 * Facts about a stream's chat room: every moderation action, with who took it, against whom, and why
 * (the audit trail). Shipped events never change shape: add a revision and an upcaster instead.
 */
public sealed interface ChatEvent {
    String streamId();

    UserId actorId();

    /** Who or what the action was taken against: a user id, a message id, or the room. */
    String target();

    String reason();

    Instant occurredAt();

    /** A fact that a moderator removed a message from the room. */
    record ChatMessageDeleted(
            String streamId, long messageId, UserId authorId, UserId actorId, String reason, Instant occurredAt)
            implements ChatEvent {
        @Override
        public String target() {
            return "message:" + messageId;
        }
    }

    /** A fact that a user may not send in the room until {@code mutedUntil}. */
    record ChatUserMuted(
            String streamId, UserId targetId, Instant mutedUntil, UserId actorId, String reason, Instant occurredAt)
            implements ChatEvent {
        @Override
        public String target() {
            return "user:" + targetId;
        }
    }

    /** A fact that a user was banned from the room's chat (no token, no sending, connections closed). */
    record ChatUserBanned(String streamId, UserId targetId, UserId actorId, String reason, Instant occurredAt)
            implements ChatEvent {
        @Override
        public String target() {
            return "user:" + targetId;
        }
    }

    /** A fact that a ban was lifted. */
    record ChatUserUnbanned(String streamId, UserId targetId, UserId actorId, String reason, Instant occurredAt)
            implements ChatEvent {
        @Override
        public String target() {
            return "user:" + targetId;
        }
    }

    /** A fact that slow mode was set to one message per {@code intervalS} per user (0: off). */
    record SlowModeChanged(String streamId, int intervalS, UserId actorId, String reason, Instant occurredAt)
            implements ChatEvent {
        @Override
        public String target() {
            return "room";
        }
    }
}
