package io.creditcast.command.chat.token;

import io.creditcast.ledger.account.UserId;
import io.creditcast.token.SignedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Room tokens, signed with the shared token key ring (purpose {@code chat-room}, so a playback token never opens
 * a room): {@code v1.<kid>.<expEpochS>.<base64url(stream \n user \n privileged)>.<HMAC-SHA256>} — see
 * {@link SignedTokens}. Short-lived; checked in constant time; a token names exactly one stream and one user.
 */
public final class RoomTokens {
    /** Longest token accepted before any parsing. */
    public static final int MAX_TOKEN_CHARS = SignedTokens.MAX_TOKEN_CHARS;

    public static final String PURPOSE = "chat-room";

    private final SignedTokens tokens;
    private final Duration ttl;

    public record RoomToken(String streamId, UserId userId, boolean privileged, Instant expiresAt) {}

    public RoomTokens(SignedTokens tokens, long ttlS) {
        if (ttlS < 1 || ttlS > SignedTokens.MAX_TTL_S) {
            throw new IllegalArgumentException(
                    "creditcast.chat.token-ttl-s must be 1-" + SignedTokens.MAX_TTL_S + ", was " + ttlS);
        }
        this.tokens = tokens;
        this.ttl = Duration.ofSeconds(ttlS);
    }

    public String issue(String streamId, UserId user, boolean privileged) {
        return tokens.sign(PURPOSE, List.of(streamId, user.value(), privileged ? "1" : "0"), ttl);
    }

    public Instant expiryOf(String token) {
        return verify(token).map(RoomToken::expiresAt).orElseThrow();
    }

    /** The token's claims when its signature is right and it has not expired. */
    public Optional<RoomToken> verify(String token) {
        if (!(tokens.verify(PURPOSE, token) instanceof SignedTokens.Verification.Valid valid)) {
            return Optional.empty();
        }
        List<String> claims = valid.claims();
        if (claims.size() != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RoomToken(
                    claims.get(0), new UserId(claims.get(1)), "1".equals(claims.get(2)), valid.expiresAt()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
