package io.creditcast.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditcast.security.*}. Defaults are the production ones: JWT mode, 30 s clock skew, 8 KB tokens.
 *
 * @param mode {@code jwt} (default) or {@code dev-headers} (explicit opt-in for tests of other features)
 * @param jwt how bearer tokens are checked
 */
@ConfigurationProperties("creditcast.security")
public record CreditcastSecurityProperties(@DefaultValue("jwt") SecurityMode mode, @DefaultValue Jwt jwt) {

    /** The largest clock skew that may be configured; more would make {@code exp}/{@code nbf} meaningless. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    /** The largest bearer token accepted (characters); Keycloak tokens are 1–2 KB. */
    public static final int MAX_TOKEN_CHARS_LIMIT = 16_384;

    /**
     * @param issuerUri the realm URL tokens must carry in {@code iss}, e.g. {@code http://127.0.0.1:8180/realms/creditcast}
     * @param jwkSetUri where the realm's public keys are; defaults to the issuer's {@code /protocol/openid-connect/certs}
     * @param audience the value {@code aud} must contain (Keycloak's audience mapper adds it)
     * @param clockSkew tolerance on {@code exp}/{@code nbf}; at most {@link #MAX_CLOCK_SKEW}
     * @param maxTokenChars longer bearer tokens are rejected with 401 before any parsing
     */
    public record Jwt(
            String issuerUri,
            String jwkSetUri,
            @DefaultValue("creditcast-api") String audience,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("8192") int maxTokenChars) {
        public Jwt {
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException(
                        "creditcast.security.jwt.clock-skew must be between 0 and " + MAX_CLOCK_SKEW);
            }
            if (maxTokenChars < 512 || maxTokenChars > MAX_TOKEN_CHARS_LIMIT) {
                throw new IllegalArgumentException(
                        "creditcast.security.jwt.max-token-chars must be between 512 and " + MAX_TOKEN_CHARS_LIMIT);
            }
        }

        /** The JWK set location: the configured one, or Keycloak's certs endpoint under the issuer. */
        public String effectiveJwkSetUri() {
            if (jwkSetUri != null && !jwkSetUri.isBlank()) {
                return jwkSetUri;
            }
            return stripSlash(requireIssuer()) + "/protocol/openid-connect/certs";
        }

        public String requireIssuer() {
            if (issuerUri == null || issuerUri.isBlank()) {
                throw new IllegalStateException("creditcast.security.jwt.issuer-uri is required in jwt mode"
                        + " (e.g. http://127.0.0.1:8180/realms/creditcast)");
            }
            return issuerUri;
        }

        private static String stripSlash(String s) {
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
