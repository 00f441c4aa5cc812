package io.creditcast.command.chat.token;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.ledger.account.UserId;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact signed room tokens: {@code base64url(v1|stream|user|privileged|expEpochS).base64url(HMAC-SHA256)}.
 * Short-lived; checked in constant time; a token names exactly one stream and one user.
 */
public final class RoomTokens {
    /** Longest token accepted before any parsing. */
    public static final int MAX_TOKEN_CHARS = 1024;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] secret;
    private final long ttlS;
    private final Clock clock;

    public record RoomToken(String streamId, UserId userId, boolean privileged, Instant expiresAt) {}

    public RoomTokens(ChatProperties properties, Clock clock) {
        this.secret = properties.tokenSecret().getBytes(StandardCharsets.UTF_8);
        this.ttlS = properties.tokenTtlS();
        this.clock = clock;
    }

    public String issue(String streamId, UserId user, boolean privileged) {
        long exp = clock.instant().getEpochSecond() + ttlS;
        String payload = "v1|" + streamId + "|" + user.value() + "|" + (privileged ? 1 : 0) + "|" + exp;
        String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(sign(body));
    }

    public Instant expiryOf(String token) {
        return verify(token).map(RoomToken::expiresAt).orElseThrow();
    }

    /** The token's claims when its signature is right and it has not expired. */
    public Optional<RoomToken> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        byte[] signature;
        String payload;
        try {
            signature = B64D.decode(token.substring(dot + 1));
            payload = new String(B64D.decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sign(body), signature)) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 5 || !"v1".equals(parts[0])) {
            return Optional.empty();
        }
        try {
            Instant exp = Instant.ofEpochSecond(Long.parseLong(parts[4]));
            if (!clock.instant().isBefore(exp)) {
                return Optional.empty();
            }
            return Optional.of(new RoomToken(parts[1], new UserId(parts[2]), "1".equals(parts[3]), exp));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
