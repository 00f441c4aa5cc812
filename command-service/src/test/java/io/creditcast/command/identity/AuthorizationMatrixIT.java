package io.creditcast.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.JwtCommandServiceTest;
import io.creditcast.command.support.KeycloakUsers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the command service × {anonymous, each role, unverified e-mail} with real Keycloak tokens.
 * The endpoint list is checked against the application's own route table: an endpoint without a row here
 * fails the build. "allowed" means the security layer let the request through (the handler then answers
 * with its own status, e.g. 201, or 404 for the made-up ids used here); denials are asserted exactly,
 * including the problem type.
 */
@JwtCommandServiceTest
class AuthorizationMatrixIT extends JwtCommandServiceTest.Base {
    enum Expect {
        ALLOWED,
        UNAUTHENTICATED,
        FORBIDDEN,
        EMAIL_NOT_VERIFIED
    }

    static final Expect A = Expect.ALLOWED;
    static final Expect F = Expect.FORBIDDEN;
    static final Expect E = Expect.EMAIL_NOT_VERIFIED;

    /** Column order of {@link Row#expected}. */
    static final List<String> PERSONAS = List.of(
            "viewer", "creator", "moderator", "admin", "auditor", "service", "unverified-viewer", "unverified-creator");

    record Row(HttpMethod method, String pattern, String path, String body, List<Expect> expected) {
        String key() {
            return method.name() + " " + pattern;
        }
    }

    static Row row(HttpMethod method, String pattern, String path, String body, Expect... expected) {
        assertThat(expected).hasSize(PERSONAS.size());
        return new Row(method, pattern, path, body, List.of(expected));
    }

    static Row row(HttpMethod method, String pattern, String body, Expect... expected) {
        return row(method, pattern, pattern, body, expected);
    }

    static final HttpMethod GET = HttpMethod.GET;
    static final HttpMethod POST = HttpMethod.POST;
    static final HttpMethod PUT = HttpMethod.PUT;
    static final HttpMethod PATCH = HttpMethod.PATCH;
    static final HttpMethod DELETE = HttpMethod.DELETE;

    static final String REVERSAL = "{\"user_id\":\"nobody\"}";
    static final String PAYMENT =
            "{\"user_id\":\"nobody\",\"payment_id\":\"%s\",\"reference_id\":\"r1\",\"amount_minor\":1}";

    //                                                         viewer creator moder admin audit service unv-v unv-c
    static final List<Row> MATRIX = List.of(
            row(GET, "/api/v1/me", null, A, A, A, A, A, A, A, A),
            row(PATCH, "/api/v1/me/profile", "{\"bio\":\"hi\"}", A, A, A, A, A, A, A, A),
            row(GET, "/api/v1/wallet", null, A, A, F, F, F, F, A, A),
            row(POST, "/api/v1/viewing-sessions", "{\"stream_id\":\"no-such\"}", A, A, F, F, F, F, A, A),
            row(
                    POST,
                    "/api/v1/meter",
                    "{\"session_id\":\"no-such\",\"interval_index\":0,\"playback_ms\":0}",
                    A,
                    A,
                    F,
                    F,
                    F,
                    F,
                    A,
                    A),
            row(POST, "/api/v1/tips", "{\"creator_id\":\"someone\",\"amount_minor\":1}", A, A, F, F, F, F, A, A),
            row(POST, "/api/v1/purchases", "{\"product_id\":\"no-such\"}", A, A, F, F, F, F, E, E),
            row(POST, "/api/v1/streams", "{\"title\":\"t\",\"category\":\"music\"}", F, A, F, F, F, F, F, E),
            row(
                    POST,
                    "/api/v1/products",
                    "{\"kind\":\"ACCESS_PASS\",\"title\":\"t\",\"price_minor\":10}",
                    F,
                    A,
                    F,
                    F,
                    F,
                    F,
                    F,
                    A),
            row(POST, "/api/v1/payouts", "{\"amount_minor\":1}", F, A, F, F, F, F, F, A),
            row(GET, "/api/v1/creators/me/earnings", null, F, A, F, F, F, F, F, A),
            row(
                    POST,
                    "/api/v1/admin/deposits",
                    "{\"user_id\":\"nobody\",\"payment_id\":\"%s\",\"provider\":\"stripe\",\"amount_minor\":1}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    A,
                    F,
                    F),
            row(POST, "/api/v1/admin/refunds", PAYMENT, F, F, F, A, F, A, F, F),
            row(POST, "/api/v1/admin/chargebacks", PAYMENT, F, F, F, A, F, A, F, F),
            row(
                    POST,
                    "/api/v1/admin/chargebacks/{disputeId}/reversal",
                    "/api/v1/admin/chargebacks/d1/reversal",
                    REVERSAL,
                    F,
                    F,
                    F,
                    A,
                    F,
                    A,
                    F,
                    F),
            row(
                    POST,
                    "/api/v1/admin/wallets/{userId}/adjustments",
                    "/api/v1/admin/wallets/nobody/adjustments",
                    "{\"amount_minor\":1,\"reason\":\"matrix\"}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(
                    POST,
                    "/api/v1/admin/payouts/{payoutId}/approve",
                    "/api/v1/admin/payouts/x~y/approve",
                    "{}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(
                    POST,
                    "/api/v1/admin/payouts/{payoutId}/complete",
                    "/api/v1/admin/payouts/x~y/complete",
                    "{\"provider_reference\":\"p\"}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(
                    POST,
                    "/api/v1/admin/payouts/{payoutId}/fail",
                    "/api/v1/admin/payouts/x~y/fail",
                    "{\"reason\":\"r\"}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(
                    PUT,
                    "/api/v1/admin/metering-rates/creators/{creatorId}",
                    "/api/v1/admin/metering-rates/creators/someone",
                    "{\"rate_minor\":1}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(
                    PUT,
                    "/api/v1/admin/metering-rates/categories/{category}",
                    "/api/v1/admin/metering-rates/categories/music",
                    "{\"rate_minor\":1}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(GET, "/api/v1/admin/event-store/stats", null, F, F, F, A, A, F, F, F),
            // payments
            row(GET, "/api/v1/prices", null, A, A, A, A, A, A, A, A),
            row(GET, "/api/v1/payments", null, A, A, F, F, F, F, A, A),
            row(
                    POST,
                    "/api/v1/payments/checkout",
                    "{\"price_id\":\"no-such\",\"provider\":\"stripe\"}",
                    A,
                    A,
                    F,
                    F,
                    F,
                    F,
                    E,
                    E),
            row(
                    POST,
                    "/api/v1/payments/sandbox/{paymentId}/complete",
                    "/api/v1/payments/sandbox/no-such/complete",
                    (String) null,
                    A,
                    A,
                    F,
                    F,
                    F,
                    F,
                    E,
                    E),
            row(POST, "/api/v1/admin/prices", "{\"product_code\":\"m\"}", F, F, F, A, F, F, F, F),
            row(GET, "/api/v1/admin/prices", null, F, F, F, A, A, F, F, F),
            row(
                    PUT,
                    "/api/v1/admin/fx-rates/{currency}",
                    "/api/v1/admin/fx-rates/EUR",
                    "{\"credits_per_unit\":1}",
                    F,
                    F,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F),
            row(GET, "/api/v1/admin/payments", null, F, F, F, A, A, F, F, F),
            // streams
            row(GET, "/api/v1/streams/{streamId}", "/api/v1/streams/no-such", (String) null, A, A, A, A, A, F, A, A),
            row(
                    GET,
                    "/api/v1/streams/{streamId}/playback-token",
                    "/api/v1/streams/no-such/playback-token",
                    (String) null,
                    A,
                    A,
                    A,
                    A,
                    F,
                    F,
                    A,
                    A),
            row(
                    PUT,
                    "/api/v1/streams/{streamId}/passes/{productId}",
                    "/api/v1/streams/no-such/passes/no-such",
                    (String) null,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F,
                    F,
                    A),
            row(
                    GET,
                    "/api/v1/streams/{streamId}/ingest-health",
                    "/api/v1/streams/no-such/ingest-health",
                    (String) null,
                    F,
                    A,
                    A,
                    A,
                    F,
                    F,
                    F,
                    A),
            row(
                    POST,
                    "/api/v1/streams/{streamId}/key-rotations",
                    "/api/v1/streams/no-such/key-rotations",
                    (String) null,
                    F,
                    A,
                    F,
                    F,
                    F,
                    F,
                    F,
                    A),
            row(
                    POST,
                    "/api/v1/streams/{streamId}/takedown",
                    "/api/v1/streams/no-such/takedown",
                    "{\"reason\":\"matrix\"}",
                    F,
                    F,
                    A,
                    A,
                    F,
                    F,
                    F,
                    F),
            // the media worker's service account
            row(POST, "/api/v1/internal/media/ingest-authorizations", "{\"stream_key\":\"x\"}", F, F, F, F, F, A, F, F),
            row(
                    POST,
                    "/api/v1/internal/media/streams/{streamId}/facts",
                    "/api/v1/internal/media/streams/no-such/facts",
                    "{\"kind\":\"WENT_LIVE\"}",
                    F,
                    F,
                    F,
                    F,
                    F,
                    A,
                    F,
                    F),
            row(
                    GET,
                    "/api/v1/internal/media/streams/{streamId}",
                    "/api/v1/internal/media/streams/no-such",
                    (String) null,
                    F,
                    F,
                    F,
                    F,
                    F,
                    A,
                    F,
                    F),
            // chat
            row(
                    GET,
                    "/api/v1/streams/{streamId}/chat/token",
                    "/api/v1/streams/no-such/chat/token",
                    (String) null,
                    A,
                    A,
                    A,
                    A,
                    F,
                    F,
                    A,
                    A),
            row(
                    GET,
                    "/api/v1/streams/{streamId}/chat/events",
                    "/api/v1/streams/no-such/chat/events",
                    (String) null,
                    A,
                    A,
                    A,
                    A,
                    A,
                    A,
                    A,
                    A),
            moderation(POST, "deletions", "{\"message_id\":\"m\",\"reason\":\"matrix\"}"),
            moderation(POST, "mutes", "{\"user_id\":\"u\",\"minutes\":1,\"reason\":\"matrix\"}"),
            moderation(POST, "bans", "{\"user_id\":\"u\",\"reason\":\"matrix\"}"),
            moderation(POST, "unbans", "{\"user_id\":\"u\",\"reason\":\"matrix\"}"),
            moderation(PUT, "slow-mode", "{\"interval_s\":0,\"reason\":\"matrix\"}"),
            row(GET, "/api/v1/admin/chat/moderation-actions", null, F, F, F, A, A, F, F, F),
            row(
                    GET,
                    "/api/v1/creators/{creatorId}/follow",
                    "/api/v1/creators/no-such/follow",
                    (String) null,
                    A,
                    A,
                    F,
                    F,
                    F,
                    F,
                    A,
                    A),
            row(
                    POST,
                    "/api/v1/creators/{creatorId}/follow",
                    "/api/v1/creators/no-such/follow",
                    (String) null,
                    A,
                    A,
                    F,
                    F,
                    F,
                    F,
                    A,
                    A),
            row(
                    DELETE,
                    "/api/v1/creators/{creatorId}/follow",
                    "/api/v1/creators/no-such/follow",
                    (String) null,
                    A,
                    A,
                    F,
                    F,
                    F,
                    F,
                    A,
                    A),
            row(GET, "/api/v1/me/notifications", null, A, A, A, A, A, A, A, A),
            row(GET, "/api/v1/me/notifications/stream", null, A, A, A, A, A, A, A, A));

    /** Chat moderation: the stream's creator (the handler checks it is theirs), moderators, admins. */
    static Row moderation(HttpMethod method, String action, String body) {
        return row(
                method,
                "/api/v1/streams/{streamId}/chat/moderation/" + action,
                "/api/v1/streams/no-such/chat/moderation/" + action,
                body,
                F,
                A,
                A,
                A,
                F,
                F,
                F,
                A);
    }

    /**
     * Endpoints the security layer lets anyone reach: the price list, and the chat's read-only event stream,
     * which its signed room token authenticates (browsers cannot send headers on an EventSource).
     */
    static final Set<String> PUBLIC = Set.of("GET /api/v1/prices", "GET /api/v1/streams/{streamId}/chat/events");

    static final Map<String, String> TOKENS = new LinkedHashMap<>();

    @Autowired
    WebTestClient client;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @BeforeAll
    static void personas() {
        TOKENS.put("viewer", KeycloakUsers.persona("viewer", true, "viewer").token());
        TOKENS.put(
                "creator",
                KeycloakUsers.persona("creator", true, "viewer", "creator").token());
        TOKENS.put(
                "moderator",
                KeycloakUsers.persona("moderator", true, "moderator").token());
        TOKENS.put("admin", KeycloakUsers.persona("admin", true, "admin").token());
        TOKENS.put("auditor", KeycloakUsers.persona("auditor", true, "auditor").token());
        TOKENS.put("service", KeycloakUsers.serviceToken());
        TOKENS.put(
                "unverified-viewer",
                KeycloakUsers.persona("unverified-viewer", false, "viewer").token());
        TOKENS.put(
                "unverified-creator",
                KeycloakUsers.persona("unverified-creator", false, "viewer", "creator")
                        .token());
    }

    @Test
    void every_endpoint_of_the_route_table_has_a_row_in_the_matrix() {
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (var pattern : info.getPatternsCondition().getPatterns()) {
                if (!pattern.getPatternString().startsWith("/api/")) {
                    continue;
                }
                for (var method : info.getMethodsCondition().getMethods()) {
                    routes.add(method.name() + " " + pattern.getPatternString());
                }
            }
        }
        Set<String> rows = new TreeSet<>();
        MATRIX.forEach(r -> rows.add(r.key()));
        assertThat(routes).as("endpoints of the application").isNotEmpty();
        assertThat(rows).as("matrix rows = the application's endpoints").isEqualTo(routes);
    }

    @Test
    void anonymous_callers_get_401_with_www_authenticate_on_every_endpoint_but_the_public_ones() {
        List<String> failures = new ArrayList<>();
        for (Row row : MATRIX) {
            var result = exchange(row, null);
            if (PUBLIC.contains(row.key())) {
                // the handler may refuse (e.g. a missing room token), but not the security layer
                if (result.body().contains("https://creditcast.io/problems/unauthenticated")
                        || result.body().contains("https://creditcast.io/problems/forbidden")) {
                    failures.add(row.key() + " is public but answered " + result.status() + " " + result.body());
                }
                continue;
            }
            boolean ok = result.status() == 401
                    && result.wwwAuthenticate() != null
                    && result.body().contains("https://creditcast.io/problems/unauthenticated");
            if (!ok) {
                failures.add(row.key() + " → " + result.status() + " " + result.body());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void each_role_gets_exactly_the_access_in_the_matrix() {
        List<String> failures = new ArrayList<>();
        for (Row row : MATRIX) {
            for (int i = 0; i < PERSONAS.size(); i++) {
                String persona = PERSONAS.get(i);
                Expect expected = row.expected().get(i);
                var result = exchange(row, TOKENS.get(persona));
                int status = result.status();
                String body = result.body();
                boolean ok =
                        switch (expected) {
                            case ALLOWED -> status != 401 && status != 403;
                            case FORBIDDEN ->
                                status == 403 && body.contains("https://creditcast.io/problems/forbidden");
                            case EMAIL_NOT_VERIFIED ->
                                status == 403 && body.contains("https://creditcast.io/problems/email-not-verified");
                            case UNAUTHENTICATED -> status == 401;
                        };
                if (!ok) {
                    failures.add(
                            row.key() + " as " + persona + ": expected " + expected + ", got " + status + " " + body);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** What one call answered. */
    record Answer(int status, String wwwAuthenticate, String body) {}

    /**
     * Calls the endpoint accepting JSON only: the security layer decides before content negotiation, so an
     * event-stream endpoint the caller may use answers 406 (allowed) instead of opening an endless stream.
     */
    private Answer exchange(Row row, String token) {
        var spec = client.method(row.method())
                .uri(row.path())
                .header("Idempotency-Key", Api.unique("matrix"))
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (token != null) {
            spec = spec.header("Authorization", "Bearer " + token);
        }
        EntityExchangeResult<byte[]> result;
        if (row.body() != null) {
            String body = row.body().contains("%s") ? row.body().formatted(Api.unique("pay")) : row.body();
            result = spec.contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody()
                    .returnResult();
        } else {
            result = spec.exchange().expectBody().returnResult();
        }
        byte[] bytes = result.getResponseBody();
        return new Answer(
                result.getStatus().value(),
                result.getResponseHeaders().getFirst("WWW-Authenticate"),
                bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
}
