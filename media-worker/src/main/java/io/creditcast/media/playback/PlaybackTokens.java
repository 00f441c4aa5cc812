package io.creditcast.media.playback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived playback tokens: {@code <expiresAtEpochS>.<hex HMAC-SHA256(secret, streamId + "\n" + expiresAtEpochS)>}.
 * Whoever decides a viewer may watch (the command side, or identity's token service when it lands) signs with the
 * shared secret; the worker only verifies. A token is valid for one stream, until it expires, and never for longer
 * than {@link #maxTtl()} ahead (a leaked long-lived token is refused).
 */
public final class PlaybackTokens {
    /** Shortest secret accepted. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,12})\\.([0-9a-f]{64})");

    private final byte[] secret;
    private final Duration maxTtl;
    private final Clock clock;

    public PlaybackTokens(byte[] secret, Duration maxTtl, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the playback token secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.secret = secret.clone();
        this.maxTtl = Objects.requireNonNull(maxTtl);
        this.clock = Objects.requireNonNull(clock);
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    /** A token for {@code streamId} valid for {@code ttl} (at most {@link #maxTtl()}). */
    public String sign(String streamId, Duration ttl) {
        if (ttl.compareTo(maxTtl) > 0 || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be 0.." + maxTtl);
        }
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return expires + "." + mac(streamId, expires);
    }

    /** Whether {@code token} is a valid, unexpired token for {@code streamId}. Never throws on untrusted input. */
    public boolean verify(String streamId, String token) {
        if (token == null) {
            return false;
        }
        var m = SHAPE.matcher(token);
        if (!m.matches()) {
            return false;
        }
        long expires = Long.parseLong(m.group(1));
        long now = clock.instant().getEpochSecond();
        if (expires < now || expires > now + maxTtl.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(
                mac(streamId, expires).getBytes(StandardCharsets.US_ASCII),
                m.group(2).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String streamId, long expires) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal((streamId + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
