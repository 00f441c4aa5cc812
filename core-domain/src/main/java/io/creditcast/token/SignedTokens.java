package io.creditcast.token;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens signed with a {@link TokenKeyRing}:
 *
 * <pre>v1.&lt;kid&gt;.&lt;expiresAtEpochS&gt;.&lt;claims&gt;.&lt;signature&gt;</pre>
 *
 * <ul>
 *   <li>{@code claims}: base64url (no padding) of the UTF-8 claims joined by {@code "\n"} (e.g. the stream id);
 *   <li>{@code signature}: base64url (no padding) of HMAC-SHA256(key[kid], purpose + "\n" +
 *       "v1.&lt;kid&gt;.&lt;exp&gt;.&lt;claims&gt;"). The purpose ({@code "playback"}, {@code "chat-room"}) is
 *       not carried: a token signed for one purpose never verifies for another.
 * </ul>
 *
 * A token lives at most {@link #MAX_TTL_S} seconds; a verifier refuses one that expires further ahead than that
 * (plus {@link #CLOCK_SKEW_S}), so a leaked or mis-issued long-lived token is useless. Verification is offline
 * (no call to the issuer), compares signatures in constant time and never throws on untrusted input.
 */
public final class SignedTokens {
    /** Longest lifetime of any token, in seconds (seed 000 FR-P2: at most 5 minutes). */
    public static final long MAX_TTL_S = 300;
    /** Tolerated clock difference between issuer and verifier, in seconds. */
    public static final long CLOCK_SKEW_S = 30;
    /** Longest token accepted before any parsing. */
    public static final int MAX_TOKEN_CHARS = 1024;
    /** Most claims in one token. */
    public static final int MAX_CLAIMS = 8;

    public static final String VERSION = "v1";

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern EXPIRY = Pattern.compile("[0-9]{1,12}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final TokenKeyRing ring;
    private final Clock clock;

    public SignedTokens(TokenKeyRing ring, Clock clock) {
        this.ring = Objects.requireNonNull(ring);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Why a token was refused (for logs and tests; callers answer every refusal the same way). */
    public enum Refusal {
        MALFORMED,
        UNKNOWN_KID,
        BAD_SIGNATURE,
        EXPIRED,
        LIFETIME_TOO_LONG
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Verification {
        /** A genuine, unexpired token: its key, expiry and claims. */
        record Valid(String kid, Instant expiresAt, List<String> claims) implements Verification {}

        record Refused(Refusal reason) implements Verification {}
    }

    /** A token signed for {@code purpose} with the newest active key, expiring {@code ttl} from now. */
    public String sign(String purpose, List<String> claims, Duration ttl) {
        checkPurpose(purpose);
        if (ttl.isNegative() || ttl.isZero() || ttl.toSeconds() > MAX_TTL_S || ttl.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("ttl must be 1-" + MAX_TTL_S + " whole seconds, was " + ttl);
        }
        if (claims.isEmpty() || claims.size() > MAX_CLAIMS) {
            throw new IllegalArgumentException("a token carries 1-" + MAX_CLAIMS + " claims");
        }
        for (String claim : claims) {
            if (claim.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a claim must not contain a line break");
            }
        }
        if (String.join("", claims).isEmpty()) {
            throw new IllegalArgumentException("the claims must not all be empty");
        }
        SigningKey key = ring.signingKey()
                .orElseThrow(() -> new IllegalStateException("the token key ring has no active key: it only verifies"));
        long expiresAtEpochS = clock.instant().getEpochSecond() + ttl.toSeconds();
        String body = VERSION + "." + key.kid() + "." + expiresAtEpochS + "."
                + B64.encodeToString(String.join("\n", claims).getBytes(StandardCharsets.UTF_8));
        String token = body + "." + B64.encodeToString(mac(key, purpose, body));
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("claims too long: the token would exceed " + MAX_TOKEN_CHARS);
        }
        return token;
    }

    /** Checks a token for {@code purpose}; never throws on untrusted input. */
    public Verification verify(String purpose, String token) {
        checkPurpose(purpose);
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return new Verification.Refused(Refusal.MALFORMED);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 5
                || !VERSION.equals(parts[0])
                || !SigningKey.KID.matcher(parts[1]).matches()
                || !EXPIRY.matcher(parts[2]).matches()
                || !BASE64URL.matcher(parts[3]).matches()
                || !BASE64URL.matcher(parts[4]).matches()) {
            return new Verification.Refused(Refusal.MALFORMED);
        }
        var key = ring.key(parts[1]);
        if (key.isEmpty()) {
            return new Verification.Refused(Refusal.UNKNOWN_KID);
        }
        byte[] signature;
        String claims;
        try {
            signature = B64D.decode(parts[4]);
            claims = new String(B64D.decode(parts[3]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Verification.Refused(Refusal.MALFORMED);
        }
        String body = token.substring(0, token.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(key.get(), purpose, body), signature)) {
            return new Verification.Refused(Refusal.BAD_SIGNATURE);
        }
        long expiresAtEpochS = Long.parseLong(parts[2]);
        long now = clock.instant().getEpochSecond();
        if (expiresAtEpochS <= now) {
            return new Verification.Refused(Refusal.EXPIRED);
        }
        if (expiresAtEpochS > now + MAX_TTL_S + CLOCK_SKEW_S) {
            return new Verification.Refused(Refusal.LIFETIME_TOO_LONG);
        }
        return new Verification.Valid(
                parts[1], Instant.ofEpochSecond(expiresAtEpochS), List.of(claims.split("\n", -1)));
    }

    private static void checkPurpose(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be 1-32 of [a-z0-9-]: " + purpose);
        }
    }

    private static byte[] mac(SigningKey key, String purpose, String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return hmac.doFinal((purpose + "\n" + body).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
