package io.creditcast.security;

/** How a service learns who is calling. */
public enum SecurityMode {
    /** Keycloak-issued JWT bearer tokens (the default, and the only mode for a real deployment). */
    JWT,
    /**
     * The acting user comes from {@code X-Creditcast-User} / {@code X-Creditcast-Roles} headers. Anyone can
     * claim any role: only for tests of other features and only when configured explicitly.
     */
    DEV_HEADERS,
    /**
     * Both: a request with an {@code Authorization} header is judged by its bearer token alone (verified exactly
     * as in {@link #JWT}); a request without one may name its user through the dev headers. For end-to-end runs
     * that sign some users in through Keycloak and act as others through headers against the same services.
     * As unsafe as {@link #DEV_HEADERS} and refused under a production profile like it.
     */
    JWT_AND_DEV_HEADERS;

    /** Whether bearer tokens are verified in this mode. */
    public boolean verifiesBearerTokens() {
        return this != DEV_HEADERS;
    }

    /** Whether callers may name themselves through the {@code X-Creditcast-*} headers in this mode. */
    public boolean trustsDevHeaders() {
        return this != JWT;
    }
}
