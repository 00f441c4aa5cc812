package io.creditcast.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a validated Keycloak access token into authorities: realm roles from the top-level {@code roles}
 * claim (the realm's role mapper; {@code realm_access.roles} as a fallback) as {@code ROLE_*}, the API
 * scopes those roles allow (narrowed by the token's {@code scope}) as {@code SCOPE_*}, and
 * {@code EMAIL_VERIFIED}. The principal name is {@code sub}.
 */
public final class KeycloakJwtAuthenticationConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        Set<String> roles = Roles.known(roleNames(jwt));
        String scope = jwt.getClaimAsString("scope");
        List<String> requested =
                scope == null ? List.of() : List.of(scope.trim().split("\\s+"));
        boolean verified = Boolean.TRUE.equals(jwt.getClaimAsBoolean("email_verified"));
        return Mono.just(new JwtAuthenticationToken(jwt, Authorities.of(roles, requested, verified), jwt.getSubject()));
    }

    static Collection<String> roleNames(Jwt jwt) {
        List<String> names = new ArrayList<>();
        Object top = jwt.getClaims().get("roles");
        if (top instanceof Collection<?> c) {
            c.forEach(o -> names.add(String.valueOf(o)));
        }
        Object realmAccess = jwt.getClaims().get("realm_access");
        if (realmAccess instanceof Map<?, ?> m && m.get("roles") instanceof Collection<?> c) {
            c.forEach(o -> names.add(String.valueOf(o)));
        }
        return names;
    }
}
