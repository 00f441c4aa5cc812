package io.creditcast.command.security;

import static io.creditcast.security.AccessRules.roleAndScope;
import static io.creditcast.security.AccessRules.roleAndScopeWithVerifiedEmail;
import static io.creditcast.security.Roles.ADMIN;
import static io.creditcast.security.Roles.ANALYTICS_READ;
import static io.creditcast.security.Roles.AUDITOR;
import static io.creditcast.security.Roles.CREATOR;
import static io.creditcast.security.Roles.MODERATOR;
import static io.creditcast.security.Roles.MONETIZATION_READ;
import static io.creditcast.security.Roles.MONETIZATION_WRITE;
import static io.creditcast.security.Roles.SERVICE;
import static io.creditcast.security.Roles.STREAMS_READ;
import static io.creditcast.security.Roles.STREAMS_WRITE;
import static io.creditcast.security.Roles.VIEWER;

import io.creditcast.security.CreditcastHttpSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The command service's route table: who may call what. Authentication (Keycloak JWT, or the explicit
 * dev-headers test mode), problem+json 401/403 and the role → scope mapping come from {@code security-support}.
 * Every rule needs a role and the matching API scope; anything not listed is denied, so a new endpoint is
 * unreachable until it gets a rule here and a row in {@code AuthorizationMatrixIT}.
 *
 * <p>Ownership is not a route rule: handlers act only on the caller's own wallet, earnings, payouts, streams
 * and products because they take the user from the token ({@link Actor}), never from the request.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CreditcastHttpSecurity security) {
        return security.apply(http)
                .authorizeExchange(a -> a.pathMatchers(CreditcastHttpSecurity.PUBLIC_PATHS)
                        .permitAll()
                        // the caller's own identity and profile: any signed-in user
                        .pathMatchers(HttpMethod.GET, "/api/v1/me")
                        .authenticated()
                        .pathMatchers(HttpMethod.PATCH, "/api/v1/me/profile")
                        .authenticated()
                        // viewers spend their own credits; purchases need a verified e-mail address
                        .pathMatchers(HttpMethod.GET, "/api/v1/wallet")
                        .access(roleAndScope(MONETIZATION_READ, VIEWER))
                        .pathMatchers(HttpMethod.POST, "/api/v1/viewing-sessions", "/api/v1/meter", "/api/v1/tips")
                        .access(roleAndScope(MONETIZATION_WRITE, VIEWER))
                        .pathMatchers(HttpMethod.POST, "/api/v1/purchases")
                        .access(roleAndScopeWithVerifiedEmail(MONETIZATION_WRITE, VIEWER))
                        // creators manage their own streams (going live needs a verified address), prices, payouts
                        .pathMatchers(HttpMethod.POST, "/api/v1/streams")
                        .access(roleAndScopeWithVerifiedEmail(STREAMS_WRITE, CREATOR))
                        .pathMatchers(HttpMethod.POST, "/api/v1/products", "/api/v1/payouts")
                        .access(roleAndScope(MONETIZATION_WRITE, CREATOR))
                        .pathMatchers(HttpMethod.GET, "/api/v1/creators/me/earnings")
                        .access(roleAndScope(MONETIZATION_READ, CREATOR))
                        // verified payments arrive from the payments service (service account) or an admin
                        .pathMatchers(
                                HttpMethod.POST,
                                "/api/v1/admin/deposits",
                                "/api/v1/admin/refunds",
                                "/api/v1/admin/chargebacks",
                                "/api/v1/admin/chargebacks/*/reversal")
                        .access(roleAndScope(MONETIZATION_WRITE, ADMIN, SERVICE))
                        // admins: adjustments, payout decisions, prices (metering rates); the actor is recorded
                        .pathMatchers(
                                HttpMethod.POST,
                                "/api/v1/admin/wallets/*/adjustments",
                                "/api/v1/admin/payouts/*/approve",
                                "/api/v1/admin/payouts/*/complete",
                                "/api/v1/admin/payouts/*/fail")
                        .access(roleAndScope(MONETIZATION_WRITE, ADMIN))
                        .pathMatchers(HttpMethod.PUT, "/api/v1/admin/metering-rates/**")
                        .access(roleAndScope(MONETIZATION_WRITE, ADMIN))
                        // payments: public price list, webhooks authenticate by their provider signature
                        .pathMatchers(HttpMethod.GET, "/api/v1/prices")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/webhooks/stripe", "/webhooks/coinbase")
                        .permitAll()
                        // viewers buy credit packs (a purchase: verified e-mail) and see their own payments;
                        // the sandbox provider exists only in the local run
                        .pathMatchers(
                                HttpMethod.POST, "/api/v1/payments/checkout", "/api/v1/payments/sandbox/*/complete")
                        .access(roleAndScopeWithVerifiedEmail(MONETIZATION_WRITE, VIEWER))
                        .pathMatchers(HttpMethod.GET, "/api/v1/payments")
                        .access(roleAndScope(MONETIZATION_READ, VIEWER))
                        // admins manage prices and FX rates; admins and auditors read every payment
                        .pathMatchers(HttpMethod.POST, "/api/v1/admin/prices")
                        .access(roleAndScope(MONETIZATION_WRITE, ADMIN))
                        .pathMatchers(HttpMethod.PUT, "/api/v1/admin/fx-rates/*")
                        .access(roleAndScope(MONETIZATION_WRITE, ADMIN))
                        .pathMatchers(HttpMethod.GET, "/api/v1/admin/prices", "/api/v1/admin/payments")
                        .access(roleAndScope(MONETIZATION_READ, ADMIN, AUDITOR))
                        // streams: anyone signed in reads a stream; the creator rotates its key and accepts passes;
                        // moderators and admins take it down (recorded with actor and reason)
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*")
                        .access(roleAndScope(STREAMS_READ, VIEWER, CREATOR, MODERATOR, ADMIN, AUDITOR))
                        // playback tokens: the handler applies the stream's access policy (metered: credits;
                        // ticketed: a bought pass; subscribers: not decidable); creator, moderators and admins always
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*/playback-token")
                        .access(roleAndScope(STREAMS_READ, VIEWER, CREATOR, MODERATOR, ADMIN))
                        // go-live status with ingest health: the stream's creator (checked in the handler),
                        // moderators, admins
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*/ingest-health")
                        .access(roleAndScope(STREAMS_READ, CREATOR, MODERATOR, ADMIN))
                        .pathMatchers(HttpMethod.POST, "/api/v1/streams/*/key-rotations")
                        .access(roleAndScope(STREAMS_WRITE, CREATOR))
                        .pathMatchers(HttpMethod.PUT, "/api/v1/streams/*/passes/*")
                        .access(roleAndScope(STREAMS_WRITE, CREATOR))
                        .pathMatchers(HttpMethod.POST, "/api/v1/streams/*/takedown")
                        .access(roleAndScope(STREAMS_WRITE, MODERATOR, ADMIN))
                        // chat: the signed room token in the query authenticates the room itself (browsers cannot
                        // set headers on a WebSocket or an EventSource); the token needs credits, a creator or a
                        // moderator
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*/chat/ws", "/api/v1/streams/*/chat/events")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*/chat/token")
                        .access(roleAndScope(STREAMS_READ, VIEWER, CREATOR, MODERATOR, ADMIN))
                        // chat moderation: the stream's creator (checked in the handler), moderators, admins
                        .pathMatchers("/api/v1/streams/*/chat/moderation/**")
                        .access(roleAndScope(STREAMS_WRITE, CREATOR, MODERATOR, ADMIN))
                        .pathMatchers(HttpMethod.GET, "/api/v1/admin/chat/moderation-actions")
                        .access(roleAndScope(STREAMS_READ, ADMIN, AUDITOR))
                        // follows and in-app notifications
                        .pathMatchers("/api/v1/creators/*/follow")
                        .access(roleAndScope(STREAMS_READ, VIEWER, CREATOR))
                        .pathMatchers(HttpMethod.GET, "/api/v1/me/notifications", "/api/v1/me/notifications/stream")
                        .authenticated()
                        // the media worker (service account): key checks at connect and media facts
                        .pathMatchers("/api/v1/internal/media/**")
                        .access(roleAndScope(STREAMS_WRITE, SERVICE))
                        // read-only operational figures: admins and auditors
                        .pathMatchers(HttpMethod.GET, "/api/v1/admin/event-store/**")
                        .access(roleAndScope(ANALYTICS_READ, ADMIN, AUDITOR))
                        .anyExchange()
                        .denyAll())
                .build();
    }
}
