package io.creditcast.chat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.chat.ChatCommands.BanChatUser;
import io.creditcast.chat.ChatCommands.DeleteChatMessage;
import io.creditcast.chat.ChatCommands.MuteChatUser;
import io.creditcast.chat.ChatCommands.SetSlowMode;
import io.creditcast.chat.ChatCommands.UnbanChatUser;
import io.creditcast.chat.ChatEvent.ChatMessageDeleted;
import io.creditcast.chat.ChatEvent.ChatUserBanned;
import io.creditcast.chat.ChatEvent.SlowModeChanged;
import io.creditcast.ledger.account.UserId;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatRoomTest {
    static final String STREAM = "s1";
    static final String ROOM = ChatRoom.idOf(STREAM);
    static final UserId MOD = new UserId("mod");
    static final UserId VIEWER = new UserId("viewer");
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    AggregateTestFixture<ChatRoom> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ChatRoom.class);
    }

    @Test
    void deleting_a_message_records_actor_target_and_reason() {
        fixture.givenNoPriorActivity()
                .when(new DeleteChatMessage(ROOM, STREAM, 7, VIEWER, MOD, "spam"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(e -> e instanceof ChatMessageDeleted d
                                && d.messageId() == 7
                                && d.actorId().equals(MOD)
                                && d.reason().equals("spam")),
                        Matchers.andNoMore())));
    }

    @Test
    void deleting_a_deleted_message_records_nothing() {
        fixture.given(new ChatMessageDeleted(STREAM, 7, VIEWER, MOD, "spam", T))
                .when(new DeleteChatMessage(ROOM, STREAM, 7, VIEWER, MOD, "again"))
                .expectNoEvents()
                .expectResultMessagePayload(new ChatRoom.ModerationOutcome(false));
    }

    @Test
    void banning_a_banned_user_records_nothing_and_unban_lifts_it() {
        fixture.given(new ChatUserBanned(STREAM, VIEWER, MOD, "abuse", T))
                .when(new BanChatUser(ROOM, STREAM, VIEWER, MOD, "again"))
                .expectNoEvents();
        fixture.given(new ChatUserBanned(STREAM, VIEWER, MOD, "abuse", T))
                .when(new UnbanChatUser(ROOM, STREAM, VIEWER, MOD, "appeal"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(e -> e instanceof ChatEvent.ChatUserUnbanned), Matchers.andNoMore())));
    }

    @Test
    void setting_the_same_slow_mode_twice_records_it_once() {
        fixture.given(new SlowModeChanged(STREAM, 10, MOD, "busy", T))
                .when(new SetSlowMode(ROOM, STREAM, 10, MOD, "busy"))
                .expectNoEvents();
    }

    @Test
    void limits_are_checked_at_and_past_the_bound() {
        new MuteChatUser(ROOM, STREAM, VIEWER, ChatCommands.MAX_MUTE_S, MOD, "r");
        assertThatThrownBy(() -> new MuteChatUser(ROOM, STREAM, VIEWER, ChatCommands.MAX_MUTE_S + 1, MOD, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MuteChatUser(ROOM, STREAM, VIEWER, 0, MOD, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        new SetSlowMode(ROOM, STREAM, ChatCommands.MAX_SLOW_MODE_S, MOD, "r");
        assertThatThrownBy(() -> new SetSlowMode(ROOM, STREAM, ChatCommands.MAX_SLOW_MODE_S + 1, MOD, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BanChatUser(ROOM, STREAM, VIEWER, MOD, "x".repeat(501)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
