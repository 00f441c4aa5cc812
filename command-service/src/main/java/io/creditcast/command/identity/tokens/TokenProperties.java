package io.creditcast.command.identity.tokens;

import io.creditcast.token.SignedTokens;
import io.creditcast.token.SigningKey;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Creditcast's own token keys ({@code creditcast.tokens.*}), separate from Keycloak's. The media worker reads the
 * same {@code creditcast.tokens.keys} (set the same environment variables on both, e.g.
 * {@code CREDITCAST_TOKENS_KEYS_0_KID}, {@code CREDITCAST_TOKENS_KEYS_0_SECRET}).
 *
 * @param keys the key ring in configuration order; the last active key signs, every key verifies. Empty
 *     (default): the built-in development key, logged as such and refused under a prod/production profile
 * @param playbackTtlS lifetime of a playback token, 1-300 s (default 300: a player fetches a new one at most every
 *     five minutes)
 */
@ConfigurationProperties("creditcast.tokens")
public record TokenProperties(@DefaultValue List<Key> keys, @DefaultValue("300") long playbackTtlS) {

    /**
     * @param kid key id written into every token ({@code [A-Za-z0-9_-]{1,32}})
     * @param secret HMAC-SHA256 secret, at least 32 bytes (UTF-8)
     * @param active whether it may sign new tokens (default true); inactive keys only verify
     */
    public record Key(String kid, String secret, @DefaultValue("true") boolean active) {
        SigningKey signingKey() {
            return SigningKey.of(kid, secret, active);
        }
    }

    public TokenProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (playbackTtlS < 1 || playbackTtlS > SignedTokens.MAX_TTL_S) {
            throw new IllegalArgumentException(
                    "creditcast.tokens.playback-ttl-s must be 1-" + SignedTokens.MAX_TTL_S + ", was " + playbackTtlS);
        }
    }
}
