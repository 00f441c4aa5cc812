package io.creditcast.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is calling, as any service should see it: always taken from Spring Security's context, never from a
 * request body.
 *
 * @param subject the stable user id (Keycloak {@code sub}; in dev-headers mode the header value)
 * @param username {@code preferred_username} when known, else the subject
 * @param email the e-mail address when the token carries one
 */
public record Identity(
        String subject, String username, String email, boolean emailVerified, Set<String> roles, Set<String> scopes) {

    public static Identity of(Authentication authentication) {
        Set<String> roles = new TreeSet<>();
        Set<String> scopes = new TreeSet<>();
        boolean verified = false;
        for (GrantedAuthority a : authentication.getAuthorities()) {
            String name = a.getAuthority();
            if (name == null) {
                continue;
            }
            if (name.startsWith(Authorities.ROLE_PREFIX)) {
                roles.add(name.substring(Authorities.ROLE_PREFIX.length()).toLowerCase(Locale.ROOT));
            } else if (name.startsWith(Authorities.SCOPE_PREFIX)) {
                scopes.add(name.substring(Authorities.SCOPE_PREFIX.length()));
            } else if (name.equals(Authorities.EMAIL_VERIFIED)) {
                verified = true;
            }
        }
        String subject = authentication.getName();
        String username = subject;
        String email = null;
        if (authentication instanceof JwtAuthenticationToken jwt) {
            String preferred = jwt.getToken().getClaimAsString("preferred_username");
            username = preferred == null ? subject : preferred;
            email = jwt.getToken().getClaimAsString("email");
        }
        return new Identity(subject, username, email, verified, Set.copyOf(roles), Set.copyOf(scopes));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean hasAny(Collection<String> anyOf) {
        return anyOf.stream().anyMatch(roles::contains);
    }
}
