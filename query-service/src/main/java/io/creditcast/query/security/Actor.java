package io.creditcast.query.security;

import io.creditcast.ledger.account.UserId;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The acting user, always taken from the security context, never from a request body. */
public record Actor(UserId userId, Set<String> roles) {
    public static Actor of(Authentication authentication) {
        Set<String> roles = new java.util.TreeSet<>();
        for (GrantedAuthority a : authentication.getAuthorities()) {
            String name = a.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                roles.add(name.substring(5).toLowerCase());
            }
        }
        return new Actor(new UserId(authentication.getName()), Set.copyOf(roles));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
