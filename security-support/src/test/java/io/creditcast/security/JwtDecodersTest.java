package io.creditcast.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The decoder every service uses, against a JWK set served over HTTP like Keycloak's: what it accepts and
 * everything it must reject, including the clock-skew boundaries (exactly at the skew and one second past).
 */
class JwtDecodersTest {
    static final String ISSUER = "http://127.0.0.1/realms/creditcast";
    static final String AUDIENCE = "creditcast-api";
    static final Duration SKEW = Duration.ofSeconds(30);
    static final Duration MARGIN = Duration.ofSeconds(5);

    static HttpServer jwks;
    static RSAKey realmKey;
    static ReactiveJwtDecoder decoder;

    @BeforeAll
    static void serveJwks() throws Exception {
        realmKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
        byte[] body = new JWKSet(realmKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        String uri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs";
        decoder = JwtDecoders.keycloak(new CreditcastSecurityProperties.Jwt(ISSUER, uri, AUDIENCE, SKEW, 8192));
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-1")
                .audience(List.of("account", AUDIENCE))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("roles", List.of("viewer", "default-roles-creditcast"))
                .claim("email_verified", true);
    }

    static String signed(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                change.apply(validClaims()).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static Jwt decode(String token) {
        return decoder.decode(token).block(Duration.ofSeconds(10));
    }

    @Test
    void a_realm_signed_rs256_token_with_the_right_claims_is_accepted() throws Exception {
        Jwt jwt = decode(signed(realmKey, c -> c));
        assertThat(jwt.getSubject()).isEqualTo("user-1");
    }

    @Test
    void alg_none_is_rejected() {
        String token = new PlainJWT(validClaims().build()).serialize();
        assertThatThrownBy(() -> decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void hs256_signed_with_the_public_key_is_rejected() throws Exception {
        byte[] publicKeyAsSecret = realmKey.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(realmKey.getKeyID())
                        .build(),
                validClaims().build());
        jwt.sign(new MACSigner(publicKeyAsSecret));
        assertThatThrownBy(() -> decode(jwt.serialize())).isInstanceOf(JwtException.class);
    }

    @Test
    void an_unknown_kid_is_rejected() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        assertThatThrownBy(() -> decode(signed(attacker, c -> c))).isInstanceOf(JwtException.class);
    }

    @Test
    void another_key_claiming_the_realm_kid_is_rejected() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(realmKey.getKeyID()).generate();
        assertThatThrownBy(() -> decode(signed(attacker, c -> c))).isInstanceOf(JwtException.class);
    }

    @Test
    void a_tampered_payload_is_rejected() throws Exception {
        String[] parts = signed(realmKey, c -> c).split("\\.");
        String forged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(validClaims()
                        .claim("roles", List.of("admin"))
                        .build()
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> decode(parts[0] + "." + forged + "." + parts[2]))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void wrong_issuer_is_rejected() throws Exception {
        String token = signed(realmKey, c -> c.issuer("http://127.0.0.1/realms/other"));
        assertThatThrownBy(() -> decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void wrong_or_missing_audience_is_rejected() throws Exception {
        String wrong = signed(realmKey, c -> c.audience("account"));
        String missing = signed(realmKey, c -> c.audience((String) null));
        assertThatThrownBy(() -> decode(wrong)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decode(missing)).isInstanceOf(JwtException.class);
    }

    @Test
    void missing_exp_or_sub_is_rejected() throws Exception {
        String noExp = signed(realmKey, c -> c.expirationTime(null));
        String noSub = signed(realmKey, c -> c.subject(null));
        assertThatThrownBy(() -> decode(noExp)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decode(noSub)).isInstanceOf(JwtException.class);
    }

    @Test
    void expired_within_the_clock_skew_is_accepted_and_past_it_rejected() throws Exception {
        Instant now = Instant.now();
        Date longAgo = Date.from(now.minusSeconds(600));
        String withinSkew = signed(realmKey, c -> c.issueTime(longAgo)
                .notBeforeTime(longAgo)
                .expirationTime(Date.from(now.minus(SKEW).plus(MARGIN))));
        String pastSkew = signed(realmKey, c -> c.issueTime(longAgo)
                .notBeforeTime(longAgo)
                .expirationTime(Date.from(now.minus(SKEW).minus(MARGIN))));
        assertThat(decode(withinSkew).getSubject()).isEqualTo("user-1");
        assertThatThrownBy(() -> decode(pastSkew)).isInstanceOf(JwtException.class);
    }

    @Test
    void not_yet_valid_within_the_clock_skew_is_accepted_and_past_it_rejected() throws Exception {
        Instant now = Instant.now();
        String withinSkew =
                signed(realmKey, c -> c.notBeforeTime(Date.from(now.plus(SKEW).minus(MARGIN))));
        String pastSkew =
                signed(realmKey, c -> c.notBeforeTime(Date.from(now.plus(SKEW).plus(MARGIN))));
        assertThat(decode(withinSkew).getSubject()).isEqualTo("user-1");
        assertThatThrownBy(() -> decode(pastSkew)).isInstanceOf(JwtException.class);
    }

    @Test
    void a_clock_skew_above_the_bound_cannot_be_configured() {
        assertThatThrownBy(() -> new CreditcastSecurityProperties.Jwt(
                        ISSUER, null, AUDIENCE, CreditcastSecurityProperties.MAX_CLOCK_SKEW.plusSeconds(1), 8192))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
