package io.creditcast.command.payment.coinbase;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Coinbase Commerce's webhook scheme: {@code X-CC-Webhook-Signature} is the lower-case hex
 * HMAC-SHA256 of the raw body under the shared secret. The scheme carries no timestamp: replays are
 * stopped by the inbox's event-id deduplication.
 */
public final class CoinbaseSignature {
    public static final String HEADER = "X-CC-Webhook-Signature";

    private CoinbaseSignature() {}

    public static String sign(String payload, String sharedSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison; false for a missing header or secret. */
    public static boolean verify(String payload, String header, String sharedSecret) {
        if (header == null || sharedSecret == null || sharedSecret.isBlank()) {
            return false;
        }
        byte[] expected = sign(payload, sharedSecret).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = header.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
