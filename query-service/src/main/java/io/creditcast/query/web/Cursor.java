package io.creditcast.query.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque position in the journal: the (global index, leg) of the last row a page returned. Pages are
 * ordered by that pair, newest first, so the order is stable while new entries arrive.
 */
public record Cursor(long globalIndex, int leg) {
    private static final String VERSION = "j1";

    public Cursor {
        if (globalIndex < 0 || leg < 0) {
            throw new IllegalArgumentException("cursor position must not be negative");
        }
    }

    public String encode() {
        String raw = VERSION + ":" + globalIndex + ":" + leg;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor from a client; anything malformed is a 400 on the field {@code cursor}. */
    public static Cursor decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() > 64) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":", -1);
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown shape");
            }
            return new Cursor(Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            throw ApiException.field("cursor", "is not a cursor this service issued");
        }
    }
}
