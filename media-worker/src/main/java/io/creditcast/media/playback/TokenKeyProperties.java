package io.creditcast.media.playback;

import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The token key ring the worker verifies playback tokens with: <b>the same {@code creditcast.tokens.keys} the
 * command service signs with</b> (same environment variables on both: {@code CREDITCAST_TOKENS_KEYS_0_KID},
 * {@code CREDITCAST_TOKENS_KEYS_0_SECRET}, …). Every listed key verifies, active or not.
 *
 * @param keys the keys; empty (default): the built-in development key, logged as such and refused under a
 *     prod/production profile
 */
@ConfigurationProperties("creditcast.tokens")
public record TokenKeyProperties(@DefaultValue List<Key> keys) {

    /**
     * @param kid key id ({@code [A-Za-z0-9_-]{1,32}})
     * @param secret HMAC-SHA256 secret, at least 32 bytes (UTF-8)
     * @param active whether the issuer signs with it (default true); the worker verifies with every key
     */
    public record Key(String kid, String secret, @DefaultValue("true") boolean active) {}

    public TokenKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** The configured ring, or the development ring when no key is configured. */
    public TokenKeyRing ring() {
        if (keys.isEmpty()) {
            return TokenKeyRing.development();
        }
        return new TokenKeyRing(keys.stream()
                .map(k -> SigningKey.of(k.kid(), k.secret(), k.active()))
                .toList());
    }
}
