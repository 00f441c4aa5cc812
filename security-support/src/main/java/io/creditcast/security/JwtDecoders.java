package io.creditcast.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The one way Creditcast services decode bearer tokens. Signature: RS256 only, keys from the realm's JWK set
 * (so {@code alg: none}, HS256 signed with the public key, and an unknown {@code kid} all fail). Claims:
 * {@code iss} equals the configured issuer, {@code aud} contains the API audience, {@code exp} present and
 * {@code exp}/{@code nbf} within the bounded clock skew, {@code sub} present.
 */
public final class JwtDecoders {
    /** The only signature algorithm accepted. Keycloak realms sign access tokens with RS256 by default. */
    public static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.RS256;

    private JwtDecoders() {}

    public static ReactiveJwtDecoder keycloak(CreditcastSecurityProperties.Jwt jwt) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwt.effectiveJwkSetUri())
                .jwsAlgorithm(ALGORITHM)
                .build();
        decoder.setJwtValidator(validator(jwt));
        return decoder;
    }

    public static OAuth2TokenValidator<Jwt> validator(CreditcastSecurityProperties.Jwt jwt) {
        String audience = jwt.audience();
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(jwt.clockSkew()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, s -> s != null && !s.isBlank()),
                new JwtIssuerValidator(jwt.requireIssuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
    }
}
