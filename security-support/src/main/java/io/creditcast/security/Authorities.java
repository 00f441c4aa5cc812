package io.creditcast.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Authority names: {@code ROLE_VIEWER}…, {@code SCOPE_streams:read}…, and {@link #EMAIL_VERIFIED} when the
 * identity provider says the address was verified (needed for purchases and going live).
 */
public final class Authorities {
    public static final String ROLE_PREFIX = "ROLE_";
    public static final String SCOPE_PREFIX = "SCOPE_";
    public static final String EMAIL_VERIFIED = "EMAIL_VERIFIED";

    private Authorities() {}

    public static List<GrantedAuthority> of(
            Set<String> roles, Collection<String> requestedScopes, boolean emailVerified) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String role : roles) {
            authorities.add(new SimpleGrantedAuthority(ROLE_PREFIX + role.toUpperCase(Locale.ROOT)));
        }
        for (String scope : Roles.scopes(roles, requestedScopes)) {
            authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + scope));
        }
        if (emailVerified) {
            authorities.add(new SimpleGrantedAuthority(EMAIL_VERIFIED));
        }
        return authorities;
    }

    public static String role(String role) {
        return ROLE_PREFIX + role.toUpperCase(Locale.ROOT);
    }

    public static String scope(String scope) {
        return SCOPE_PREFIX + scope;
    }
}
