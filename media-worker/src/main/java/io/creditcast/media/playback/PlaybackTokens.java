package io.creditcast.media.playback;

import io.creditcast.token.SignedTokens;
import io.creditcast.token.TokenKeyRing;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Playback tokens as the command service issues them ({@code GET /api/v1/streams/{id}/playback-token}):
 * {@link SignedTokens} with purpose {@value #PURPOSE} and claims {@code [streamId, nonce]}, i.e.
 * {@code v1.<kid>.<expiresAtEpochS>.<base64url(streamId \n nonce)>.<base64url HMAC-SHA256>}. The worker verifies
 * offline with the same key ring ({@code creditcast.tokens.keys}): the kid must be configured (an unknown or
 * removed key is refused), the signature right, the token unexpired, for this stream, and expiring at most
 * {@link SignedTokens#MAX_TTL_S} (+ {@link SignedTokens#CLOCK_SKEW_S}) ahead.
 */
public final class PlaybackTokens {
    public static final String PURPOSE = "playback";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignedTokens tokens;

    public PlaybackTokens(TokenKeyRing ring, Clock clock) {
        this.tokens = new SignedTokens(ring, clock);
    }

    /** Whether {@code token} is a valid, unexpired token for {@code streamId}. Never throws on untrusted input. */
    public boolean verify(String streamId, String token) {
        return verification(streamId, token) instanceof SignedTokens.Verification.Valid;
    }

    /** The detailed outcome (a token for another stream is reported as a bad signature would be: refused). */
    public SignedTokens.Verification verification(String streamId, String token) {
        var result = tokens.verify(PURPOSE, token);
        if (result instanceof SignedTokens.Verification.Valid valid
                && (valid.claims().isEmpty() || !valid.claims().getFirst().equals(streamId))) {
            return new SignedTokens.Verification.Refused(SignedTokens.Refusal.BAD_SIGNATURE);
        }
        return result;
    }

    /**
     * Signs a token the way the command service does, with the ring's newest active key (tests and local tools;
     * in a deployment the worker only verifies).
     */
    public String sign(String streamId, Duration ttl) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        return tokens.sign(
                PURPOSE,
                List.of(streamId, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)),
                ttl);
    }
}
