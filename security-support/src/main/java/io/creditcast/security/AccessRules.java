package io.creditcast.security;

import java.util.List;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Route rules that need a role and an API scope together (so a narrowed token cannot do more than it asked
 * for), optionally a verified e-mail address. Anonymous callers are denied, which Spring Security answers
 * with 401; a missing role or scope with 403 {@code forbidden}; an unverified address with 403
 * {@code email-not-verified}.
 */
public final class AccessRules {
    private AccessRules() {}

    /** Any one of {@code anyRole}, and the API scope {@code scope}. */
    public static ReactiveAuthorizationManager<AuthorizationContext> roleAndScope(String scope, String... anyRole) {
        return rule(scope, List.of(anyRole), false);
    }

    /** As {@link #roleAndScope} and the e-mail address verified (purchases, going live). */
    public static ReactiveAuthorizationManager<AuthorizationContext> roleAndScopeWithVerifiedEmail(
            String scope, String... anyRole) {
        return rule(scope, List.of(anyRole), true);
    }

    private static ReactiveAuthorizationManager<AuthorizationContext> rule(
            String scope, List<String> anyRole, boolean emailVerified) {
        List<String> roleAuthorities = anyRole.stream().map(Authorities::role).toList();
        String scopeAuthority = Authorities.scope(scope);
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .flatMap(a -> decide(a, roleAuthorities, scopeAuthority, emailVerified))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    private static Mono<AuthorizationResult> decide(
            Authentication a, List<String> roleAuthorities, String scopeAuthority, boolean emailVerified) {
        boolean role = false;
        boolean scope = false;
        boolean verified = false;
        for (GrantedAuthority g : a.getAuthorities()) {
            String name = g.getAuthority();
            role |= roleAuthorities.contains(name);
            scope |= scopeAuthority.equals(name);
            verified |= Authorities.EMAIL_VERIFIED.equals(name);
        }
        if (!role || !scope) {
            return Mono.just(new AuthorizationDecision(false));
        }
        if (emailVerified && !verified) {
            return Mono.error(new EmailNotVerifiedException());
        }
        return Mono.just(new AuthorizationDecision(true));
    }
}
