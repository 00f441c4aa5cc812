package io.creditcast.security;

/** How a service learns who is calling. */
public enum SecurityMode {
    /** Keycloak-issued JWT bearer tokens (the default, and the only mode for a real deployment). */
    JWT,
    /**
     * The acting user comes from {@code X-Creditcast-User} / {@code X-Creditcast-Roles} headers. Anyone can
     * claim any role: only for tests of other features and only when configured explicitly.
     */
    DEV_HEADERS
}
