package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.chat.message.MessageText;
import io.creditcast.command.chat.message.SendLimiter;
import io.creditcast.command.chat.room.ChatConnection;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.chat.room.ChatHub;
import io.creditcast.command.chat.room.CloseReasons;
import io.creditcast.command.chat.token.RoomTokens;
import io.creditcast.ledger.account.UserId;
import io.creditcast.token.SignedTokens;
import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Each chat limit at the limit and one past it, without a server. */
class ChatLimitsTest {
    static ChatProperties props(int perUser, int perIp, int queue) {
        return new ChatProperties(300, 200, 50, 10, 30, 30, perUser, perIp, queue, 4096, 0, 10, 200, 100);
    }

    final ChatProperties properties = props(5, 50, 256);
    final SendLimiter limiter = new SendLimiter(properties);

    @Test
    void ten_messages_in_30_s_are_accepted_the_eleventh_is_limited_and_the_window_slides() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("u", "s", "m" + i, 0, false, 1_000 + i))
                    .isInstanceOf(SendLimiter.Accepted.class);
        }
        var eleventh = limiter.tryAcquire("u", "s", "m10", 0, false, 2_000);
        assertThat(eleventh).isEqualTo(new SendLimiter.RateLimited(29_000, 10, 30));
        assertThat(limiter.tryAcquire("u", "s", "m10", 0, false, 31_000)).isInstanceOf(SendLimiter.Accepted.class);
    }

    @Test
    void a_duplicate_is_suppressed_within_the_window_and_allowed_after_it() {
        assertThat(limiter.tryAcquire("u", "s", "Hello", 0, false, 0)).isInstanceOf(SendLimiter.Accepted.class);
        assertThat(limiter.tryAcquire("u", "s", "hello", 0, false, 29_999)).isInstanceOf(SendLimiter.Duplicate.class);
        assertThat(limiter.tryAcquire("u", "s", "hello", 0, false, 30_000)).isInstanceOf(SendLimiter.Accepted.class);
        assertThat(limiter.tryAcquire("u", "other", "hello", 0, false, 30_001))
                .isInstanceOf(SendLimiter.Accepted.class);
    }

    @Test
    void slow_mode_allows_one_message_per_interval_exactly_at_the_interval_and_exempts_moderators() {
        assertThat(limiter.tryAcquire("u", "s", "a", 5, false, 0)).isInstanceOf(SendLimiter.Accepted.class);
        assertThat(limiter.tryAcquire("u", "s", "b", 5, false, 4_999)).isEqualTo(new SendLimiter.SlowMode(1, 5));
        assertThat(limiter.tryAcquire("u", "s", "b", 5, false, 5_000)).isInstanceOf(SendLimiter.Accepted.class);
        assertThat(limiter.tryAcquire("m", "s", "a", 5, true, 0)).isInstanceOf(SendLimiter.Accepted.class);
        assertThat(limiter.tryAcquire("m", "s", "b", 5, true, 1)).isInstanceOf(SendLimiter.Accepted.class);
    }

    @Test
    void idle_users_are_forgotten() {
        limiter.tryAcquire("u", "s", "a", 0, false, 0);
        limiter.evictIdle(10_000, 5_000);
        assertThat(limiter.trackedUsers()).isZero();
    }

    @Test
    void text_is_normalised_and_counted_in_code_points_at_and_past_the_limit() {
        assertThat(MessageText.normalise("😀".repeat(200), 200)).isInstanceOf(MessageText.Ok.class);
        assertThat(MessageText.normalise("😀".repeat(201), 200)).isEqualTo(new MessageText.TooLong(201, 200));
        assertThat(MessageText.normalise("e\u0301\u0000\u001b[31m", 200)).isEqualTo(new MessageText.Ok("é[31m"));
        assertThat(MessageText.normalise("👩\u200D💻", 200)).isEqualTo(new MessageText.Ok("👩\u200D💻"));
        assertThat(MessageText.normalise(" \u0007 ", 200)).isInstanceOf(MessageText.Empty.class);
    }

    static RoomTokens roomTokens(Clock clock, SigningKey... keys) {
        return new RoomTokens(new SignedTokens(new TokenKeyRing(List.of(keys)), clock), 300);
    }

    static final SigningKey K1 = SigningKey.of("k1", "x".repeat(32), true);

    @Test
    void a_token_is_valid_for_its_stream_until_expiry_and_a_forged_one_never() {
        Clock t0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        var tokens = roomTokens(t0, K1);
        String token = tokens.issue("s1", new UserId("u1"), false);
        assertThat(token).startsWith("v1.k1.");
        assertThat(tokens.verify(token)).hasValueSatisfying(t -> {
            assertThat(t.streamId()).isEqualTo("s1");
            assertThat(t.userId()).isEqualTo(new UserId("u1"));
            assertThat(t.privileged()).isFalse();
        });
        Clock justBefore = Clock.offset(t0, java.time.Duration.ofSeconds(299));
        Clock atExpiry = Clock.offset(t0, java.time.Duration.ofSeconds(300));
        assertThat(roomTokens(justBefore, K1).verify(token)).isPresent();
        assertThat(roomTokens(atExpiry, K1).verify(token)).isEmpty();
        String otherSecret =
                roomTokens(t0, SigningKey.of("k1", "y".repeat(32), true)).issue("s1", new UserId("u1"), true);
        assertThat(tokens.verify(otherSecret)).isEmpty();
        // a playback token signed with the same key never opens a room
        String playback = new SignedTokens(new TokenKeyRing(List.of(K1)), t0)
                .sign("playback", List.of("s1", "u1", "1"), java.time.Duration.ofSeconds(60));
        assertThat(tokens.verify(playback)).isEmpty();
        // rotation: a token of the previous (now inactive) key still opens the room
        var rotated =
                roomTokens(t0, SigningKey.of("k1", "x".repeat(32), false), SigningKey.of("k2", "z".repeat(32), true));
        assertThat(rotated.verify(token)).isPresent();
        assertThat(rotated.issue("s1", new UserId("u1"), false)).startsWith("v1.k2.");
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("a".repeat(RoomTokens.MAX_TOKEN_CHARS + 1))).isEmpty();
    }

    @Test
    void the_room_token_lifetime_is_at_most_300_seconds() {
        var signer = new SignedTokens(new TokenKeyRing(List.of(K1)), Clock.systemUTC());
        assertThat(new RoomTokens(signer, 300).issue("s1", new UserId("u1"), false))
                .startsWith("v1.k1.");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RoomTokens(signer, 301))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_ip_cap_admits_up_to_the_limit_and_refuses_one_more() {
        var hub = new ChatHub(
                props(10, 2, 16), new ChatFrames(JsonMapper.builder().build()));
        var creator = new UserId("c");
        assertThat(hub.join(conn("a", "1.2.3.4", 16), creator)).isInstanceOf(ChatHub.Admitted.class);
        var second = conn("b", "1.2.3.4", 16);
        assertThat(hub.join(second, creator)).isInstanceOf(ChatHub.Admitted.class);
        assertThat(hub.join(conn("c", "1.2.3.4", 16), creator))
                .isEqualTo(new ChatHub.Refused("too_many_connections_from_ip", 2));
        assertThat(hub.join(conn("d", "5.6.7.8", 16), creator)).isInstanceOf(ChatHub.Admitted.class);
        hub.leave(second);
        assertThat(hub.join(conn("e", "1.2.3.4", 16), creator)).isInstanceOf(ChatHub.Admitted.class);
    }

    @Test
    void a_slow_consumer_is_closed_with_a_typed_reason_when_its_queue_is_full() {
        var c = conn("a", "1.2.3.4", 2);
        c.frames()
                .subscribe(new reactor.core.publisher.BaseSubscriber<io.creditcast.command.chat.room.OutboundFrame>() {
                    @Override
                    protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                        // a client that reads nothing
                    }
                });
        assertThat(c.offer("{\"type\":\"x\"}")).isTrue();
        assertThat(c.offer("{\"type\":\"x\"}")).isTrue();
        assertThat(c.offer("{\"type\":\"x\"}")).isFalse();
        assertThat(c.closeRequests().block(java.time.Duration.ofSeconds(1))).isEqualTo(CloseReasons.SLOW_CONSUMER);
    }

    private static ChatConnection conn(String user, String ip, int queue) {
        return new ChatConnection(user + ip, "s", new UserId(user), false, true, ip, queue, ChatConnection.DIRECT);
    }
}
