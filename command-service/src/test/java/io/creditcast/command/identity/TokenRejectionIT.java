package io.creditcast.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.JwtCommandServiceTest;
import io.creditcast.command.support.KeycloakUsers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bad bearer tokens against the running service and the real realm: 401 with {@code WWW-Authenticate} and
 * problem+json, the token never echoed. (Claim-level checks at the clock-skew boundaries are in
 * security-support's JwtDecodersTest.)
 */
@JwtCommandServiceTest
class TokenRejectionIT extends JwtCommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    String realToken() {
        return KeycloakUsers.persona("token-viewer", true, "viewer").token();
    }

    WebTestClient.ResponseSpec me(String authorization) {
        var spec = client.get().uri("/api/v1/me");
        if (authorization != null) {
            spec = spec.header("Authorization", authorization);
        }
        return spec.exchange();
    }

    void assertInvalid(String token) {
        me("Bearer " + token)
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueMatches("WWW-Authenticate", "Bearer .*")
                .expectBody()
                .jsonPath("$.type")
                .value(t -> assertThat((String) t).startsWith("https://creditcast.io/problems/"))
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).doesNotContain(token.substring(0, Math.min(20, token.length()))));
    }

    static JWTClaimsSet claimsOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    @Test
    void a_real_keycloak_token_is_accepted_and_me_shows_its_subject_roles_and_scopes() throws Exception {
        String token = realToken();
        JWTClaimsSet claims = claimsOf(token);
        assertThat(claims.getAudience()).contains("creditcast-api");
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        me("Bearer " + token)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.subject")
                .isEqualTo(claims.getSubject())
                .jsonPath("$.roles.length()")
                .isEqualTo(1)
                .jsonPath("$.roles[0]")
                .isEqualTo("viewer")
                .jsonPath("$.scopes")
                .value(sc -> assertThat(String.valueOf(sc))
                        .contains("monetization:write")
                        .doesNotContain("streams:write"));
    }

    @Test
    void alg_none_is_rejected() throws Exception {
        assertInvalid(new PlainJWT(claimsOf(realToken())).serialize());
    }

    @Test
    void hs256_signed_with_the_realm_public_key_is_rejected() throws Exception {
        String token = realToken();
        JWKSet jwks = JWKSet.load(URI.create(KEYCLOAK.jwkSetUri()).toURL());
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        RSAKey realmKey = (RSAKey) jwks.getKeyByKeyId(kid);
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claimsOf(token));
        forged.sign(new MACSigner(realmKey.toRSAPublicKey().getEncoded()));
        assertInvalid(forged.serialize());
    }

    @Test
    void a_token_signed_by_an_unknown_key_is_rejected_with_or_without_the_realm_kid() throws Exception {
        String token = realToken();
        String realKid = SignedJWT.parse(token).getHeader().getKeyID();
        for (String kid : List.of("unknown-kid", realKid)) {
            RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();
            SignedJWT forged = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(kid)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claimsOf(token));
            forged.sign(new RSASSASigner(attacker));
            assertInvalid(forged.serialize());
        }
    }

    @Test
    void a_tampered_payload_is_rejected() throws Exception {
        String[] parts = realToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertInvalid(tampered);
    }

    @Test
    void a_token_without_the_api_audience_is_rejected() {
        String clientId = Api.unique("no-audience-cli");
        var created = KEYCLOAK.admin(
                "POST",
                "/creditcast/clients",
                Map.of(
                        "clientId",
                        clientId,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        false));
        assertThat(created.statusCode()).isEqualTo(201);
        var user = KeycloakUsers.persona("token-viewer", true, "viewer");
        String token = KEYCLOAK.passwordGrant("creditcast", clientId, user.username(), KeycloakUsers.PASSWORD)
                .accessToken();
        assertInvalid(token);
    }

    @Test
    void a_token_from_another_realm_is_rejected() {
        String realm = "other-" + Api.unique("r").substring(2);
        var created = KEYCLOAK.admin(
                "POST",
                "",
                Map.of(
                        "realm",
                        realm,
                        "enabled",
                        true,
                        "clients",
                        List.of(Map.of(
                                "clientId",
                                "cli",
                                "publicClient",
                                true,
                                "directAccessGrantsEnabled",
                                true,
                                "protocolMappers",
                                List.of(Map.of(
                                        "name",
                                        "aud",
                                        "protocol",
                                        "openid-connect",
                                        "protocolMapper",
                                        "oidc-audience-mapper",
                                        "config",
                                        Map.of(
                                                "included.custom.audience",
                                                "creditcast-api",
                                                "access.token.claim",
                                                "true"))))),
                        "users",
                        List.of(Map.of(
                                "username",
                                "intruder",
                                "enabled",
                                true,
                                "email",
                                "intruder@other.test",
                                "emailVerified",
                                true,
                                "firstName",
                                "I",
                                "lastName",
                                "N",
                                "credentials",
                                List.of(Map.of("type", "password", "value", "Other-pass-1!", "temporary", false))))));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = KEYCLOAK.passwordGrant(realm, "cli", "intruder", "Other-pass-1!")
                .accessToken();
        assertInvalid(token);
    }

    @Test
    void missing_garbled_or_oversized_authorization_is_401_with_problem_json() {
        me(null).expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer realm=\"creditcast\"")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/unauthenticated");
        me("Bearer not.a.jwt").expectStatus().isUnauthorized();
        me("Bearer %%%").expectStatus().isUnauthorized();
        me("Basic dXNlcjpwYXNz").expectStatus().isUnauthorized();
        me("Bearer " + "a".repeat(9_000))
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/invalid-token");
    }

    @Test
    void dev_headers_are_ignored_in_jwt_mode() {
        client.get()
                .uri("/api/v1/me")
                .header("X-Creditcast-User", "admin-1")
                .header("X-Creditcast-Roles", "admin")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}
