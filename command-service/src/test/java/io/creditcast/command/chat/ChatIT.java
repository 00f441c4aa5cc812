package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.chat.live.StreamLifecycleListener;
import io.creditcast.command.support.Api;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

@ChatTest
class ChatIT extends ChatTest.Base {
    static final String PROBLEMS = "https://creditcast.io/problems/";

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StreamLifecycleListener lifecycle;

    @Value("${local.server.port}")
    int port;

    Api api;
    String creator;
    String stream;
    String viewer;

    @BeforeEach
    void setUp() {
        client = client.mutateWith((builder, http, connector) -> builder.responseTimeout(Duration.ofSeconds(20)));
        api = new Api(client, jdbc);
        creator = Api.unique("creator");
        viewer = Api.unique("viewer");
        stream = api.createStream(creator, "music");
        api.fund(viewer, 100);
    }

    // ---- tokens --------------------------------------------------------------------------------------

    @Test
    void a_token_is_refused_at_balance_zero_with_a_top_up_problem_and_issued_at_balance_one() {
        String broke = Api.unique("broke");
        tokenRequest(broke)
                .expectStatus()
                .isEqualTo(HttpStatus.PAYMENT_REQUIRED)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "chat-top-up-required")
                .jsonPath("$.reason")
                .isEqualTo("balance_zero");
        api.fund(broke, 1);
        assertThat(token(broke)).isNotBlank();
    }

    @Test
    void the_creator_gets_a_token_without_credits_and_an_unknown_stream_is_404() {
        assertThat(token(creator)).isNotBlank();
        client.get()
                .uri("/api/v1/streams/no-such-stream/chat/token")
                .header("X-Creditcast-User", viewer)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void a_forged_or_foreign_token_gets_a_typed_error_and_a_typed_close() {
        String good = token(viewer);
        String forged = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");
        try (var c = join(forged)) {
            assertThat(c.await("error").get("code")).isEqualTo("token_invalid");
            assertThat(c.awaitClose().getCode()).isEqualTo(4401);
        }
        String other = api.createStream(creator, "music");
        try (var c = new ChatClient(port, "/api/v1/streams/" + other + "/chat/ws?token=" + good)) {
            assertThat(c.await("error").get("code")).isEqualTo("token_invalid");
        }
    }

    // ---- messages ------------------------------------------------------------------------------------

    @Test
    void a_message_reaches_everyone_in_the_room_normalised_and_later_joiners_get_it_as_history() {
        String other = Api.unique("viewer");
        api.fund(other, 10);
        try (var a = joinAs(viewer);
                var b = joinAs(other)) {
            assertThat(a.await("welcome").get("can_send")).isEqualTo(true);
            b.await("welcome");
            // decomposed é, a bell character and an emoji: stored NFC, control character stripped
            a.send(Map.of("type", "message", "text", "  cafe\u0301\u0007 <b>👋</b> ", "client_msg_id", "m1"));
            var ack = a.await("ack");
            assertThat(ack.get("client_msg_id")).isEqualTo("m1");
            var received = b.await("message");
            assertThat(received.get("text")).isEqualTo("café <b>👋</b>");
            assertThat(received.get("user_id")).isEqualTo(viewer);
            assertThat(received.get("id")).isEqualTo(ack.get("id"));
            a.await("viewers", f -> Integer.valueOf(2).equals(f.get("count"))); // coalesced, about once a second
        }
        try (var late = joinAs(other)) {
            List<?> history = (List<?>) late.await("history").get("messages");
            assertThat(history).hasSize(1);
            assertThat(((Map<?, ?>) history.get(0)).get("text")).isEqualTo("café <b>👋</b>");
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM chat_messages WHERE stream_id = ? AND user_id = ?",
                        Long.class,
                        stream,
                        viewer))
                .isEqualTo(1);
    }

    @Test
    void a_message_of_200_code_points_is_accepted_and_201_is_refused_with_a_typed_error() {
        try (var c = joinAs(viewer)) {
            c.say("😀".repeat(200)); // 200 code points, 400 UTF-16 units
            c.await("ack");
            c.say("x".repeat(201));
            var error = c.await("error");
            assertThat(error.get("code")).isEqualTo("message_too_long");
            assertThat(error.get("max_code_points")).isEqualTo(200);
            c.say("\u0007\u0000  ");
            assertThat(c.await("error").get("code")).isEqualTo("empty_message");
            c.sendRaw("{\"type\":\"dance\"}");
            assertThat(c.await("error").get("code")).isEqualTo("unknown_type");
            c.sendRaw("not json");
            assertThat(c.await("error").get("code")).isEqualTo("malformed_frame");
            c.roundTrip(); // still open
        }
    }

    @Test
    void a_frame_at_the_byte_limit_is_read_and_one_past_it_closes_the_connection_as_protocol_abuse() {
        try (var c = joinAs(viewer)) {
            String frame = "{\"type\":\"message\",\"text\":\"";
            c.sendRaw(frame + "y".repeat(4096 - frame.length() - 2) + "\"}"); // exactly 4096 bytes
            assertThat(c.await("error").get("code")).isEqualTo("message_too_long");
            c.sendRaw(frame + "y".repeat(4097 - frame.length() - 2) + "\"}");
            assertThat(c.awaitClose().getCode()).isEqualTo(1009);
        }
    }

    @Test
    void the_http_endpoints_are_in_the_openapi_document() {
        client.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/streams/{streamId}/chat/token'].get")
                .exists()
                .jsonPath("$.paths['/api/v1/streams/{streamId}/chat/moderation/bans'].post")
                .exists()
                .jsonPath("$.paths['/api/v1/admin/chat/moderation-actions'].get")
                .exists()
                .jsonPath("$.paths['/api/v1/creators/{creatorId}/follow'].delete")
                .exists()
                .jsonPath("$.paths['/api/v1/me/notifications/stream'].get")
                .exists();
    }

    @Test
    void the_tenth_message_in_the_window_is_accepted_and_the_eleventh_is_rate_limited_without_closing() {
        try (var c = joinAs(viewer)) {
            for (int i = 1; i <= 10; i++) {
                c.say("message " + i);
                c.await("ack");
            }
            c.say("message 11");
            var error = c.await("error");
            assertThat(error.get("code")).isEqualTo("rate_limited");
            assertThat(((Number) error.get("retry_after_ms")).longValue()).isBetween(1L, 30_000L);
            assertThat(error.get("limit")).isEqualTo(10);
            c.roundTrip();
        }
    }

    @Test
    void frames_sent_back_to_back_are_all_answered_in_order() {
        try (var c = joinAs(viewer)) {
            for (int i = 1; i <= 5; i++) {
                c.send(Map.of("type", "message", "text", "burst " + i, "client_msg_id", "b" + i));
            }
            for (int i = 1; i <= 5; i++) {
                String id = "b" + i;
                c.await("ack", f -> id.equals(f.get("client_msg_id")));
            }
        }
    }

    @Test
    void the_same_text_twice_is_suppressed_as_a_duplicate() {
        try (var c = joinAs(viewer)) {
            c.say("hello");
            c.await("ack");
            c.say("HELLO");
            assertThat(c.await("error").get("code")).isEqualTo("duplicate_message");
            c.say("hello again");
            c.await("ack");
        }
    }

    @Test
    void the_third_connection_of_a_user_is_admitted_and_the_fourth_is_refused_with_a_typed_close() {
        try (var a = joinAs(viewer);
                var b = joinAs(viewer);
                var c = joinAs(viewer)) {
            a.await("welcome");
            b.await("welcome");
            c.await("welcome");
            try (var d = join(token(viewer))) {
                var error = d.await("error");
                assertThat(error.get("code")).isEqualTo("too_many_connections_for_user");
                assertThat(error.get("limit")).isEqualTo(3);
                assertThat(d.awaitClose().getCode()).isEqualTo(4429);
            }
            a.roundTrip();
        }
    }

    // ---- moderation ----------------------------------------------------------------------------------

    @Test
    void a_deleted_message_disappears_from_every_client_and_the_audit_names_actor_target_and_reason() {
        String other = Api.unique("viewer");
        api.fund(other, 10);
        long id;
        try (var a = joinAs(viewer);
                var b = joinAs(other)) {
            a.await("welcome");
            b.await("welcome"); // b is in the room
            a.say("something rude");
            id = ((Number) a.await("ack").get("id")).longValue();
            b.await("message");
            // a plain viewer is stopped by the route table; a creator of another stream by the handler
            moderate(other, "viewer", "deletions", Map.of("message_id", id, "reason", "not mine"))
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo(PROBLEMS + "forbidden");
            moderate("someone-elses-creator", "creator", "deletions", Map.of("message_id", id, "reason", "not mine"))
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo(PROBLEMS + "chat-not-moderator");
            moderate(creator, "creator", "deletions", Map.of("message_id", id, "reason", "rude"))
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.changed")
                    .isEqualTo(true);
            assertThat(a.await("message_deleted").get("id")).isEqualTo((int) id);
            assertThat(b.await("message_deleted").get("id")).isEqualTo((int) id);
        }
        try (var late = joinAs(other)) {
            assertThat((List<?>) late.await("history").get("messages")).isEmpty();
        }
        client.get()
                .uri("/api/v1/admin/chat/moderation-actions?stream_id=" + stream)
                .header("X-Creditcast-User", "admin-1")
                .header("X-Creditcast-Roles", "admin")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].action")
                .isEqualTo("delete")
                .jsonPath("$.items[0].actor_id")
                .isEqualTo(creator)
                .jsonPath("$.items[0].target")
                .isEqualTo("message:" + id)
                .jsonPath("$.items[0].reason")
                .isEqualTo("rude");
        client.get()
                .uri("/api/v1/admin/chat/moderation-actions")
                .header("X-Creditcast-User", creator)
                .header("X-Creditcast-Roles", "creator")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void a_muted_user_cannot_send_until_the_mute_expires() throws Exception {
        try (var c = joinAs(viewer)) {
            c.await("welcome");
            moderate(creator, "creator", "mutes", Map.of("user_id", viewer, "duration_s", 1, "reason", "cool down"))
                    .expectStatus()
                    .isOk();
            c.await("user_muted");
            c.say("can I talk?");
            assertThat(c.await("error").get("code")).isEqualTo("muted");
            Thread.sleep(1_100);
            c.say("now I can");
            c.await("ack");
        }
    }

    @Test
    void a_banned_user_is_disconnected_with_a_typed_close_and_refused_a_new_token() {
        try (var c = joinAs(viewer)) {
            c.await("welcome");
            moderate("mod-1", "moderator", "bans", Map.of("user_id", viewer, "reason", "spam"))
                    .expectStatus()
                    .isOk();
            assertThat(c.await("error").get("code")).isEqualTo("banned");
            assertThat(c.awaitClose().getCode()).isEqualTo(4403);
        }
        tokenRequest(viewer)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "chat-banned");
        moderate(creator, "creator", "bans", Map.of("user_id", creator, "reason", "self"))
                .expectStatus()
                .isForbidden();
    }

    @Test
    void slow_mode_allows_one_message_per_interval_and_exempts_the_creator() {
        try (var v = joinAs(viewer);
                var cr = joinAs(creator)) {
            moderate(creator, "creator", "slow-mode", Map.of("interval_s", 30, "reason", "busy"))
                    .expectStatus()
                    .isOk();
            v.await("slow_mode");
            v.say("first");
            v.await("ack");
            v.say("second");
            var error = v.await("error");
            assertThat(error.get("code")).isEqualTo("slow_mode");
            assertThat(((Number) error.get("retry_after_ms")).longValue()).isBetween(1L, 30_000L);
            cr.say("creator one");
            cr.await("ack");
            cr.say("creator two");
            cr.await("ack");
        }
    }

    // ---- money in the room ---------------------------------------------------------------------------

    @Test
    void a_viewer_whose_balance_hits_zero_is_told_and_can_no_longer_send_and_the_tip_shows_in_the_room() {
        String spender = Api.unique("spender");
        api.fund(spender, 150);
        try (var c = joinAs(spender);
                var watcher = joinAs(creator)) {
            c.say("hi");
            c.await("ack");
            api.post(spender, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 140), "t1")
                    .exchange()
                    .expectStatus()
                    .isCreated();
            var tip = watcher.await("tip");
            assertThat(tip.get("amount_minor")).isEqualTo(140);
            assertThat(tip.get("animation")).isEqualTo("medium");
            assertThat(tip.get("highlighted")).isEqualTo(true);
            assertThat(c.await("low_balance").get("balance_minor")).isEqualTo(10); // at the threshold
            c.say("still have 10");
            c.await("ack");
            api.post(spender, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 10), "t2")
                    .exchange()
                    .expectStatus()
                    .isCreated();
            var eligibility = c.await("eligibility");
            assertThat(eligibility.get("can_send")).isEqualTo(false);
            assertThat(eligibility.get("reason")).isEqualTo("balance_zero");
            c.say("still here?");
            assertThat(c.await("error").get("code")).isEqualTo("not_eligible");
        }
    }

    @Test
    void a_paid_highlighted_message_debits_exactly_once_when_the_client_retries() {
        try (var c = joinAs(viewer);
                var watcher = joinAs(creator)) {
            var frame = Map.<String, Object>of(
                    "type", "message", "text", "look at me", "highlight", true, "client_msg_id", "h-1");
            c.send(frame);
            var first = c.await("ack");
            assertThat(first.get("replayed")).isEqualTo(false);
            c.send(frame); // the client did not see the ack and retries
            var second = c.await("ack");
            assertThat(second.get("replayed")).isEqualTo(true);
            assertThat(second.get("id")).isEqualTo(first.get("id"));
            var shown = watcher.await("message");
            assertThat(shown.get("highlighted")).isEqualTo(true);
            assertThat(shown.get("paid_minor")).isEqualTo(5);
            watcher.roundTrip();
            assertThat(watcher.seen("message")).isEmpty();
            assertThat(watcher.seen("tip")).isEmpty(); // the highlight is not shown a second time as a tip
        }
        assertThat(api.eventsOfType(viewer, TipSent.class)).isEqualTo(1);
        assertThat(api.balance(viewer)).isEqualTo(95);
    }

    @Test
    void a_paid_highlight_without_enough_credits_is_refused_and_posts_nothing() {
        String poor = Api.unique("poor");
        api.fund(poor, 3);
        try (var c = joinAs(poor)) {
            c.send(Map.of("type", "message", "text", "shine", "highlight", true, "client_msg_id", "h-2"));
            assertThat(c.await("error").get("code")).isEqualTo("insufficient_credits");
        }
        assertThat(api.balance(poor)).isEqualTo(3);
        assertThat(api.eventsOfType(poor, TipSent.class)).isZero();
    }

    @Test
    void the_read_only_fallback_streams_the_room_as_server_sent_events() {
        String token = token(viewer);
        var events = client.get()
                .uri("/api/v1/streams/" + stream + "/chat/events?token=" + token)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new org.springframework.core.ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody();
        assertThat(events.map(ServerSentEvent::event).take(2).collectList().block(Duration.ofSeconds(10)))
                .containsExactly("welcome", "history");
    }

    // ---- follows and notifications ---------------------------------------------------------------------

    @Test
    void a_follower_is_notified_once_when_the_creator_goes_live_and_sees_it_live() throws Exception {
        String fan = Api.unique("fan");
        following(fan, creator).jsonPath("$.following").isEqualTo(false);
        follow(fan, creator)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.changed")
                .isEqualTo(true);
        follow(fan, creator)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.changed")
                .isEqualTo(false);
        follow(fan, fan).expectStatus().isForbidden();
        following(fan, creator)
                .jsonPath("$.following")
                .isEqualTo(true)
                .jsonPath("$.changed")
                .isEqualTo(false);
        var live = client.get()
                .uri("/api/v1/me/notifications/stream")
                .header("X-Creditcast-User", fan)
                .header("X-Creditcast-Roles", "viewer")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new org.springframework.core.ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody()
                .filter(e -> e.event() != null);
        var received = new java.util.concurrent.LinkedBlockingQueue<ServerSentEvent<String>>();
        var subscription = live.subscribe(received::add);
        try {
            assertThat(received.poll(10, java.util.concurrent.TimeUnit.SECONDS).event())
                    .isEqualTo("ready");
            lifecycle.streamWentLive(stream);
            lifecycle.streamWentLive(stream); // the fact delivered twice
            var notification = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(notification.event()).isEqualTo("notification");
            assertThat(notification.data()).contains(stream);
        } finally {
            subscription.dispose();
        }
        client.get()
                .uri("/api/v1/me/notifications")
                .header("X-Creditcast-User", fan)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(1)
                .jsonPath("$.items[0].kind")
                .isEqualTo("creator_live")
                .jsonPath("$.items[0].stream_id")
                .isEqualTo(stream);
        client.delete()
                .uri("/api/v1/creators/" + creator + "/follow")
                .header("X-Creditcast-User", fan)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.changed")
                .isEqualTo(true);
        following(fan, creator).jsonPath("$.following").isEqualTo(false);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private WebTestClient.ResponseSpec tokenRequest(String user) {
        return client.get()
                .uri("/api/v1/streams/" + stream + "/chat/token")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", user.startsWith("creator") ? "creator" : "viewer")
                .exchange();
    }

    private String token(String user) {
        return (String) tokenRequest(user)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("token");
    }

    private ChatClient join(String token) {
        return new ChatClient(port, "/api/v1/streams/" + stream + "/chat/ws?token=" + token);
    }

    private ChatClient joinAs(String user) {
        return join(token(user)).joined();
    }

    private WebTestClient.ResponseSpec moderate(String user, String roles, String action, Map<String, Object> body) {
        var spec = action.equals("slow-mode") ? client.put() : client.post();
        return spec.uri("/api/v1/streams/" + stream + "/chat/moderation/" + action)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.BodyContentSpec following(String user, String creatorId) {
        return client.get()
                .uri("/api/v1/creators/" + creatorId + "/follow")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    private WebTestClient.ResponseSpec follow(String user, String creatorId) {
        return client.post()
                .uri("/api/v1/creators/" + creatorId + "/follow")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .exchange();
    }
}
