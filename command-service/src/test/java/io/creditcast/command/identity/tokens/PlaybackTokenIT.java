package io.creditcast.command.identity.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.token.SignedTokens;
import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/v1/streams/{id}/playback-token} per access policy, against the running service; issued tokens
 * are checked offline with the same key ring the media worker is configured with.
 */
@CommandServiceTest
class PlaybackTokenIT extends CommandServiceTest.Base {
    static final String PROBLEMS = "https://creditcast.io/problems/";

    /** What the media worker holds: the same keys, verify only. */
    static final SignedTokens WORKER = new SignedTokens(
            new TokenKeyRing(List.of(
                    SigningKey.of(CommandServiceTest.OLD_KID, CommandServiceTest.OLD_SECRET, false),
                    SigningKey.of(CommandServiceTest.KID, CommandServiceTest.SECRET, false))),
            Clock.systemUTC());

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String creator;
    String viewer;

    @BeforeEach
    void users() {
        client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        api = new Api(client, jdbc);
        creator = Api.unique("creator");
        viewer = Api.unique("viewer");
    }

    String stream(String policy) {
        return (String) api.post(
                        creator,
                        "creator",
                        "/api/v1/streams",
                        Map.of("title", "t", "category", "music", "access_policy", policy),
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("stream_id");
    }

    WebTestClient.ResponseSpec tokenFor(String user, String roles, String streamId) {
        return client.get()
                .uri("/api/v1/streams/" + streamId + "/playback-token")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
                .exchange();
    }

    Map<?, ?> issued(String user, String roles, String streamId) {
        return tokenFor(user, roles, streamId)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Cache-Control", "no-store")
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    void refused(String user, String roles, String streamId, int status, String type) {
        tokenFor(user, roles, streamId)
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + type);
    }

    @Test
    void a_public_stream_gives_any_signed_in_viewer_a_token_the_worker_verifies_offline() {
        String streamId = stream("PUBLIC");
        Map<?, ?> body = issued(viewer, "viewer", streamId);
        String token = (String) body.get("token");
        assertThat(body.get("kid")).isEqualTo(CommandServiceTest.KID);
        assertThat(token).startsWith("v1." + CommandServiceTest.KID + ".");
        assertThat(body.get("access_policy")).isEqualTo("PUBLIC");
        assertThat(body.get("ttl_s")).isEqualTo(300);
        assertThat(body.get("live_path")).isEqualTo("/live/" + streamId + "/hls/master.m3u8?token=" + token);
        assertThat(body.get("vod_path")).isEqualTo("/vod/" + streamId + "/master.m3u8?token=" + token);
        var verified = WORKER.verify("playback", token);
        assertThat(verified).isInstanceOfSatisfying(SignedTokens.Verification.Valid.class, v -> {
            assertThat(v.claims().getFirst()).isEqualTo(streamId);
            assertThat(v.expiresAt()).isBefore(Instant.now().plusSeconds(SignedTokens.MAX_TTL_S + 1));
        });
        // every token is distinct (the worker counts viewers by token)
        assertThat(issued(viewer, "viewer", streamId).get("token")).isNotEqualTo(token);
        // not a chat-room token
        assertThat(WORKER.verify("chat-room", token)).isInstanceOf(SignedTokens.Verification.Refused.class);
    }

    @Test
    void a_metered_stream_needs_credits_in_the_wallet() {
        String streamId = stream("METERED");
        refused(viewer, "viewer", streamId, 403, "playback-top-up-required");
        tokenFor(viewer, "viewer", streamId).expectBody().jsonPath("$.reason").isEqualTo("balance_zero");
        api.fund(viewer, 1);
        assertThat(issued(viewer, "viewer", streamId).get("access_policy")).isEqualTo("METERED");
    }

    String product(String owner, String kind) {
        return (String) api.post(
                        owner,
                        "creator",
                        "/api/v1/products",
                        Map.of("kind", kind, "title", "t", "price_minor", 10),
                        null)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("product_id");
    }

    void buy(String buyer, String productId) {
        api.post(buyer, "viewer", "/api/v1/purchases", Map.of("product_id", productId), Api.unique("buy"))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    WebTestClient.ResponseSpec accept(String user, String streamId, String productId) {
        return client.put()
                .uri("/api/v1/streams/" + streamId + "/passes/" + productId)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "creator")
                .exchange();
    }

    @Test
    void a_ticketed_stream_admits_only_viewers_who_bought_a_ticket_or_pass_it_accepts() {
        String streamId = stream("TICKETED");
        api.fund(viewer, 100);
        // no pass accepted yet: nobody but the creator and staff watches
        refused(viewer, "viewer", streamId, 403, "playback-ticket-required");
        String ticket = product(creator, "TICKET");
        String pass = product(creator, "ACCESS_PASS");
        String notAccepted = product(creator, "ACCESS_PASS");
        String subscription = product(creator, "SUBSCRIPTION_PERIOD");
        accept(creator, streamId, ticket)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.pass_product_ids")
                .isEqualTo(List.of(ticket));
        accept(creator, streamId, pass).expectStatus().isOk();
        // accepting again changes nothing
        accept(creator, streamId, pass)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.pass_product_ids.length()")
                .isEqualTo(2);
        // money alone, a pass the stream does not accept, or a subscription period: refused, told what to buy
        refused(viewer, "viewer", streamId, 403, "playback-ticket-required");
        buy(viewer, notAccepted);
        buy(viewer, subscription);
        tokenFor(viewer, "viewer", streamId)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "playback-ticket-required")
                .jsonPath("$.accepted_product_ids")
                .isEqualTo(List.of(ticket, pass))
                .jsonPath("$.access_policy")
                .isEqualTo("TICKETED");
        // the accepted ticket admits
        buy(viewer, ticket);
        assertThat(issued(viewer, "viewer", streamId).get("access_policy")).isEqualTo("TICKETED");
        // so does an accepted access pass, for another viewer
        String other = Api.unique("viewer");
        api.fund(other, 10);
        refused(other, "viewer", streamId, 403, "playback-ticket-required");
        buy(other, pass);
        assertThat(issued(other, "viewer", streamId).get("token")).isNotNull();
        // the creator and staff always watch
        assertThat(issued(creator, "creator", streamId).get("token")).isNotNull();
        assertThat(issued("mod-1", "moderator", streamId).get("token")).isNotNull();
        assertThat(issued("admin-1", "admin", streamId).get("token")).isNotNull();
    }

    @Test
    void a_stream_accepts_only_its_creators_own_tickets_and_passes() {
        String streamId = stream("TICKETED");
        String otherCreator = Api.unique("creator");
        String foreignPass = product(otherCreator, "ACCESS_PASS");
        String subscription = product(creator, "SUBSCRIPTION_PERIOD");
        String ticket = product(creator, "TICKET");
        accept(creator, streamId, foreignPass)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "not-allowed")
                .jsonPath("$.field")
                .isEqualTo("product_id");
        accept(creator, streamId, subscription)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "not-allowed");
        accept(otherCreator, streamId, ticket)
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "not-allowed");
        accept(creator, streamId, "no-such-product")
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "unknown-product");
        accept(creator, "no-such-stream", ticket)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "unknown-stream");
        accept(creator, streamId, "bad_id").expectStatus().isBadRequest();
        // a viewer cannot accept passes at all (security layer)
        client.put()
                .uri("/api/v1/streams/" + streamId + "/passes/" + ticket)
                .header("X-Creditcast-User", viewer)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void a_subscribers_only_stream_is_refused_to_viewers_because_the_domain_has_no_active_subscription() {
        String streamId = stream("SUBSCRIBERS");
        api.fund(viewer, 100);
        buy(viewer, product(creator, "SUBSCRIPTION_PERIOD"));
        refused(viewer, "viewer", streamId, 403, "playback-entitlement-unverifiable");
        assertThat(issued(creator, "creator", streamId).get("token")).isNotNull();
        assertThat(issued("mod-1", "moderator", streamId).get("token")).isNotNull();
        assertThat(issued("admin-1", "admin", streamId).get("token")).isNotNull();
    }

    @Test
    void an_unknown_stream_is_404_a_malformed_id_400_and_a_taken_down_stream_403() {
        refused(viewer, "viewer", "no-such-stream", 404, "unknown-stream");
        refused(viewer, "viewer", "bad_id", 400, "validation");
        String streamId = stream("PUBLIC");
        api.post("mod-1", "moderator", "/api/v1/streams/" + streamId + "/takedown", Map.of("reason", "it"), null)
                .exchange()
                .expectStatus()
                .isOk();
        refused(viewer, "viewer", streamId, 403, "playback-taken-down");
        refused("admin-1", "admin", streamId, 403, "playback-taken-down");
    }

    @Test
    void the_endpoint_and_its_refusals_are_in_the_openapi_document() {
        client.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/streams/{streamId}/playback-token'].get.responses['200']")
                .exists()
                .jsonPath("$.paths['/api/v1/streams/{streamId}/playback-token'].get.responses['403'].description")
                .value(d -> assertThat((String) d)
                        .contains("playback-ticket-required", "playback-entitlement-unverifiable"));
    }

    @Test
    void roles_without_the_route_are_refused_by_the_security_layer() {
        String streamId = stream("PUBLIC");
        refused("auditor-1", "auditor", streamId, 403, "forbidden");
        refused("media-worker", "service", streamId, 403, "forbidden");
    }
}
