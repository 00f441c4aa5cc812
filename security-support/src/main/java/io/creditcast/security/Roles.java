package io.creditcast.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The realm roles Creditcast knows and the API scopes (seed 004) each role may use. Scopes are derived
 * from roles, so a token can never grant more than its roles; a token that asks for some API scopes
 * (its {@code scope} claim names any of {@link #API_SCOPES}) is narrowed to those. An account holding
 * {@code auditor} only ever gets read scopes.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String CREATOR = "creator";
    public static final String MODERATOR = "moderator";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";
    /** Service accounts (media worker, payments) calling another service. */
    public static final String SERVICE = "service";

    public static final List<String> ALL = List.of(VIEWER, CREATOR, MODERATOR, ADMIN, AUDITOR, SERVICE);

    public static final String STREAMS_READ = "streams:read";
    public static final String STREAMS_WRITE = "streams:write";
    public static final String PLAYLISTS_READ = "playlists:read";
    public static final String PLAYLISTS_WRITE = "playlists:write";
    public static final String PODCASTS_READ = "podcasts:read";
    public static final String PODCASTS_WRITE = "podcasts:write";
    public static final String MONETIZATION_READ = "monetization:read";
    public static final String MONETIZATION_WRITE = "monetization:write";
    public static final String ANALYTICS_READ = "analytics:read";

    public static final List<String> API_SCOPES = List.of(
            STREAMS_READ,
            STREAMS_WRITE,
            PLAYLISTS_READ,
            PLAYLISTS_WRITE,
            PODCASTS_READ,
            PODCASTS_WRITE,
            MONETIZATION_READ,
            MONETIZATION_WRITE,
            ANALYTICS_READ);

    private static final List<String> READS =
            List.of(STREAMS_READ, PLAYLISTS_READ, PODCASTS_READ, MONETIZATION_READ, ANALYTICS_READ);

    /** Which scopes each role may use. Moderators get no monetization scope: they never move money. */
    public static final Map<String, List<String>> SCOPES_BY_ROLE = Map.of(
            VIEWER,
            List.of(
                    STREAMS_READ,
                    PLAYLISTS_READ,
                    PLAYLISTS_WRITE,
                    PODCASTS_READ,
                    MONETIZATION_READ,
                    MONETIZATION_WRITE),
            CREATOR,
            List.of(
                    STREAMS_READ,
                    STREAMS_WRITE,
                    PLAYLISTS_READ,
                    PLAYLISTS_WRITE,
                    PODCASTS_READ,
                    PODCASTS_WRITE,
                    MONETIZATION_READ,
                    MONETIZATION_WRITE,
                    ANALYTICS_READ),
            MODERATOR,
            List.of(STREAMS_READ, STREAMS_WRITE, PLAYLISTS_READ, PODCASTS_READ),
            ADMIN,
            API_SCOPES,
            AUDITOR,
            READS,
            SERVICE,
            List.of(STREAMS_READ, STREAMS_WRITE, MONETIZATION_WRITE));

    private Roles() {}

    /** The known roles among {@code names} (lower-cased; unknown names such as Keycloak's defaults dropped). */
    public static Set<String> known(Collection<String> names) {
        Set<String> roles = new LinkedHashSet<>();
        for (String name : names) {
            String r = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
            if (ALL.contains(r)) {
                roles.add(r);
            }
        }
        return roles;
    }

    /**
     * The API scopes the roles allow, narrowed to {@code requested} when the token asked for any API scope.
     *
     * @param requested the token's {@code scope} values (may hold OIDC scopes such as {@code openid}, ignored)
     */
    public static Set<String> scopes(Set<String> roles, Collection<String> requested) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String role : roles) {
            allowed.addAll(SCOPES_BY_ROLE.getOrDefault(role, List.of()));
        }
        if (roles.contains(AUDITOR)) {
            // auditors change nothing, whatever other role the account also holds
            allowed.removeIf(scope -> !scope.endsWith(":read"));
        }
        List<String> asked = requested.stream().filter(API_SCOPES::contains).toList();
        if (!asked.isEmpty()) {
            allowed.retainAll(asked);
        }
        return allowed;
    }
}
