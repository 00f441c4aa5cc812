package io.creditcast.security;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Who a request is in each security mode, through the filter chain {@link CreditcastHttpSecurity} builds: bearer
 * tokens (a stand-in decoder that accepts one token), the dev headers, and both together in
 * {@code jwt-and-dev-headers}, where a request with an {@code Authorization} header is judged by the token alone.
 */
class SecurityModesTest {
    static final String GOOD_TOKEN = "good-token";

    static final ReactiveJwtDecoder DECODER = token -> GOOD_TOKEN.equals(token)
            ? Mono.just(Jwt.withTokenValue(token)
                    .header("alg", "RS256")
                    .subject("kc-user")
                    .claim("roles", List.of("viewer"))
                    .claim("scope", "monetization:read")
                    .issuedAt(Instant.now())
                    .expiresAt(Instant.now().plus(Duration.ofMinutes(5)))
                    .build())
            : Mono.error(new BadJwtException("the token is not valid"));

    static WebTestClient client(SecurityMode mode) {
        var properties = new CreditcastSecurityProperties(
                mode,
                new CreditcastSecurityProperties.Jwt(
                        "http://127.0.0.1/realms/creditcast", null, "creditcast-api", Duration.ofSeconds(30), 8192));
        var security = new CreditcastHttpSecurity(properties, mode == SecurityMode.DEV_HEADERS ? null : DECODER);
        var chain = security.apply(ServerHttpSecurity.http())
                .authorizeExchange(a -> a.anyExchange().authenticated())
                .build();
        return WebTestClient.bindToRouterFunction(route(GET("/who"), request -> request.principal()
                        .flatMap(p -> ServerResponse.ok().bodyValue(p.getName()))))
                .webFilter(new WebFilterChainProxy(chain))
                .build();
    }

    static WebTestClient.ResponseSpec call(SecurityMode mode, String bearer, String devUser) {
        var request = client(mode).get().uri("/who");
        if (bearer != null) {
            request = request.header("Authorization", "Bearer " + bearer);
        }
        if (devUser != null) {
            request = request.header(DevHeadersAuthentication.USER_HEADER, devUser)
                    .header(DevHeadersAuthentication.ROLES_HEADER, "admin");
        }
        return request.exchange();
    }

    @Test
    void jwtModeAcceptsAValidTokenAndIgnoresTheDevHeaders() {
        call(SecurityMode.JWT, GOOD_TOKEN, null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("kc-user");
        call(SecurityMode.JWT, null, "mallory").expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void devHeadersModeTakesTheHeadersAndKnowsNoTokens() {
        call(SecurityMode.DEV_HEADERS, null, "alice")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("alice");
        call(SecurityMode.DEV_HEADERS, GOOD_TOKEN, null).expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void bothModeVerifiesTokensAndTakesTheHeadersOnlyWithoutAnAuthorizationHeader() {
        var both = SecurityMode.JWT_AND_DEV_HEADERS;
        call(both, GOOD_TOKEN, null)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("kc-user");
        call(both, null, "alice").expectStatus().isOk().expectBody(String.class).isEqualTo("alice");
        // a valid token wins over headers naming someone else
        call(both, GOOD_TOKEN, "mallory")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("kc-user");
        // a bad token is refused even when dev headers come along
        call(both, "forged", "mallory").expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
        call(both, null, null).expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void onlyTheDevModesTrustHeaders() {
        org.assertj.core.api.Assertions.assertThat(List.of(SecurityMode.values()))
                .filteredOn(SecurityMode::trustsDevHeaders)
                .containsExactly(SecurityMode.DEV_HEADERS, SecurityMode.JWT_AND_DEV_HEADERS);
        org.assertj.core.api.Assertions.assertThat(List.of(SecurityMode.values()))
                .filteredOn(SecurityMode::verifiesBearerTokens)
                .containsExactly(SecurityMode.JWT, SecurityMode.JWT_AND_DEV_HEADERS);
    }
}
