package io.creditcast.query.security;

import static io.creditcast.security.AccessRules.roleAndScope;
import static io.creditcast.security.Roles.ADMIN;
import static io.creditcast.security.Roles.ANALYTICS_READ;
import static io.creditcast.security.Roles.AUDITOR;
import static io.creditcast.security.Roles.CREATOR;
import static io.creditcast.security.Roles.MONETIZATION_READ;
import static io.creditcast.security.Roles.STREAMS_READ;
import static io.creditcast.security.Roles.VIEWER;

import io.creditcast.security.CreditcastHttpSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The query service's route table. Authentication (Keycloak JWT, or the explicit dev-headers test mode),
 * problem+json 401/403 and role → scope mapping come from {@code security-support}; anything not listed is
 * denied. Everything here is a read: finance and audit routes need {@code auditor} or {@code admin}; viewers
 * and creators read only their own wallet and earnings because the handlers take the user from the token
 * ({@link Actor}); per-stream analytics check ownership in the controller.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CreditcastHttpSecurity security) {
        return security.apply(http)
                .authorizeExchange(a -> a.pathMatchers(CreditcastHttpSecurity.PUBLIC_PATHS)
                        .permitAll()
                        // discovery is public
                        .pathMatchers(
                                HttpMethod.GET,
                                "/api/v1/streams",
                                "/api/v1/search",
                                "/api/v1/search/suggest",
                                "/api/v1/categories",
                                "/api/v1/creators/*/streams",
                                "/api/v1/streams/status-events")
                        .permitAll()
                        // the caller's own wallet (balance, ledger, live updates); auditors and admins may name any
                        // wallet (?wallet=…), checked in the handler
                        .pathMatchers(HttpMethod.GET, "/api/v1/wallet/**")
                        .access(roleAndScope(MONETIZATION_READ, VIEWER, AUDITOR, ADMIN))
                        // a creator's own earnings
                        .pathMatchers(HttpMethod.GET, "/api/v1/creators/me/earnings")
                        .access(roleAndScope(MONETIZATION_READ, CREATOR))
                        // per-stream analytics: the stream's creator (checked in the handler), admins, auditors
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*/analytics")
                        .access(roleAndScope(ANALYTICS_READ, CREATOR, ADMIN, AUDITOR))
                        // recordings: creators their own (checked in the handler), admins everyone's
                        .pathMatchers(HttpMethod.GET, "/api/v1/recordings")
                        .access(roleAndScope(STREAMS_READ, CREATOR, ADMIN))
                        // finance and audit: read-only, auditors and admins
                        .pathMatchers(
                                HttpMethod.GET, "/api/v1/audit/**", "/api/v1/admin/revenue", "/api/v1/admin/payouts")
                        .access(roleAndScope(MONETIZATION_READ, AUDITOR, ADMIN))
                        // projection status for operators; replays (and, where it is on, fault injection) only by
                        // admins
                        .pathMatchers(HttpMethod.GET, "/api/v1/admin/projections", "/api/v1/admin/projections/*")
                        .access(roleAndScope(ANALYTICS_READ, ADMIN, AUDITOR))
                        .pathMatchers(
                                HttpMethod.POST,
                                "/api/v1/admin/projections/*/replay",
                                "/api/v1/admin/projections/*/faults/*")
                        .hasRole("ADMIN")
                        .anyExchange()
                        .denyAll())
                .build();
    }
}
