package io.creditcast.stream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A publisher's secret: {@code <streamId>.<secret>}, the secret 32 random bytes in URL-safe base64. The stream id
 * prefix lets the command side find the stream without a key index; only the SHA-256 of the whole key is stored
 * (the secret has 256 bits of entropy, so a fast hash is enough).
 */
public record StreamKey(String streamId, String value) {
    public static final int SECRET_BYTES = 32;
    /** Longest key accepted from the wire (a stream id of at most 64 characters, a dot, the secret). */
    public static final int MAX_KEY_CHARS = 64 + 1 + 64;

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z0-9-]{1,64})\\.([A-Za-z0-9_-]{16,64})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public StreamKey {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(streamId + ".") || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a stream key");
        }
    }

    /** A fresh random key for {@code streamId}. */
    public static StreamKey generate(String streamId) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new StreamKey(
                streamId,
                streamId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key a publisher sent, if it has the shape of one (never throws on untrusted input). */
    public static Optional<StreamKey> parse(String candidate) {
        if (candidate == null || candidate.length() > MAX_KEY_CHARS) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(candidate);
        return m.matches() ? Optional.of(new StreamKey(m.group(1), candidate)) : Optional.empty();
    }

    /** Lower-case hex SHA-256 of the key: what the aggregate stores. */
    public String hash() {
        return hashOf(value);
    }

    public static String hashOf(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "StreamKey[" + streamId + ".***]";
    }
}
