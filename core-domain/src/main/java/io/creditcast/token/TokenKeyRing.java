package io.creditcast.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys that sign and verify Creditcast's own short-lived tokens (playback and chat-room tokens), separate
 * from Keycloak's. Every configured key verifies; the newest active key (the last active one in configuration
 * order) signs. Rotation: append a new active key (on the verifiers first, then on the issuer), mark the old one
 * inactive, and remove it once every token it signed has expired ({@link SignedTokens#MAX_TTL_S} later).
 */
public final class TokenKeyRing {
    /** Most keys in one ring (a rotation needs two; a few more cover overlapping rotations). */
    public static final int MAX_KEYS = 8;
    /**
     * The built-in key used when none is configured: for the local run and tests only. Services log a warning
     * when they fall back to it and refuse it under a production profile.
     */
    public static final SigningKey DEVELOPMENT_KEY =
            SigningKey.of("dev", "local-development-token-key-never-use-in-production", true);

    private final Map<String, SigningKey> byKid;
    private final SigningKey signing;

    public TokenKeyRing(List<SigningKey> keys) {
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a key ring needs 1-" + MAX_KEYS + " keys, got " + keys.size());
        }
        Map<String, SigningKey> map = new LinkedHashMap<>();
        SigningKey newestActive = null;
        for (SigningKey key : keys) {
            if (map.put(key.kid(), key) != null) {
                throw new IllegalArgumentException("duplicate kid " + key.kid());
            }
            if (key.active()) {
                newestActive = key;
            }
        }
        this.byKid = Map.copyOf(map);
        this.signing = newestActive;
    }

    /** The built-in development ring ({@link #DEVELOPMENT_KEY} only). */
    public static TokenKeyRing development() {
        return new TokenKeyRing(List.of(DEVELOPMENT_KEY));
    }

    /** Whether this ring is (or contains) the public development key. */
    public boolean usesDevelopmentKey() {
        return byKid.values().stream()
                .anyMatch(k -> java.security.MessageDigest.isEqual(k.secret(), DEVELOPMENT_KEY.secret()));
    }

    /** The key new tokens are signed with; empty for a verify-only ring (no active key). */
    public Optional<SigningKey> signingKey() {
        return Optional.ofNullable(signing);
    }

    /** The key with this id, if it is configured. */
    public Optional<SigningKey> key(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }
}
