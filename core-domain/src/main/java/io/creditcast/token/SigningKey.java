package io.creditcast.token;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HMAC-SHA256 key of a {@link TokenKeyRing}: its id ({@code kid}, written into every token it signs), the
 * secret, and whether it may sign new tokens. An inactive key still verifies the tokens it signed before.
 */
public record SigningKey(String kid, byte[] secret, boolean active) {
    /** Shortest secret accepted (256 bits, the HMAC-SHA256 output size). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Longest secret accepted. */
    public static final int MAX_SECRET_BYTES = 512;
    /** A kid is short and safe in a URL and in the dot-separated token. */
    public static final Pattern KID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(secret, "secret");
        if (!KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("kid must be 1-32 of [A-Za-z0-9_-]: " + kid);
        }
        if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret of key " + kid + " must be " + MIN_SECRET_BYTES + "-"
                    + MAX_SECRET_BYTES + " bytes, was " + secret.length);
        }
        secret = secret.clone();
    }

    /** A key whose secret is the UTF-8 bytes of {@code secret}. */
    public static SigningKey of(String kid, String secret, boolean active) {
        Objects.requireNonNull(secret, "secret of key " + kid);
        return new SigningKey(kid, secret.getBytes(StandardCharsets.UTF_8), active);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey k && kid.equals(k.kid) && active == k.active && Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", active=" + active + "]";
    }
}
