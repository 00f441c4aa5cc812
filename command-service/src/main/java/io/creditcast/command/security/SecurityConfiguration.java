package io.creditcast.command.security;

import io.creditcast.command.web.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Route rules and the authentication seam. Until the identity issue brings Keycloak JWTs, the
 * {@code dev-headers} mode reads the acting user from {@code X-Creditcast-User} and roles from
 * {@code X-Creditcast-Roles}; the rest of the service only ever sees Spring Security's context.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    static final String USER_HEADER = "X-Creditcast-User";
    static final String ROLES_HEADER = "X-Creditcast-Roles";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final List<String> KNOWN_ROLES =
            List.of("viewer", "creator", "moderator", "admin", "auditor", "service");

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        AuthenticationWebFilter devHeaders = new AuthenticationWebFilter(passThrough());
        devHeaders.setServerAuthenticationConverter(devHeaderConverter());
        devHeaders.setAuthenticationFailureHandler(
                (exchange, ex) -> writeProblem(exchange.getExchange(), ProblemTypes.UNAUTHENTICATED, ex.getMessage()));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .addFilterAt(devHeaders, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(e -> e.authenticationEntryPoint((exchange, ex) ->
                                writeProblem(exchange, ProblemTypes.UNAUTHENTICATED, "authentication required"))
                        .accessDeniedHandler((exchange, ex) ->
                                writeProblem(exchange, ProblemTypes.FORBIDDEN, "your roles do not allow this")))
                .authorizeExchange(a -> a.pathMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/actuator/info")
                        .permitAll()
                        .pathMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/webjars/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/v1/admin/event-store/**")
                        .hasAnyRole("ADMIN", "AUDITOR")
                        .pathMatchers(
                                "/api/v1/admin/deposits/**", "/api/v1/admin/refunds/**", "/api/v1/admin/chargebacks/**")
                        .hasAnyRole("ADMIN", "SERVICE")
                        .pathMatchers("/api/v1/admin/**")
                        .hasRole("ADMIN")
                        // chat: the signed room token in the query authenticates these (browsers cannot set
                        // headers on a WebSocket or an EventSource)
                        .pathMatchers(HttpMethod.GET, "/api/v1/streams/*/chat/ws", "/api/v1/streams/*/chat/events")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/streams", "/api/v1/products", "/api/v1/payouts")
                        .hasRole("CREATOR")
                        .pathMatchers("/api/v1/creators/me/**")
                        .hasRole("CREATOR")
                        .pathMatchers("/api/v1/**")
                        .authenticated()
                        .anyExchange()
                        .denyAll())
                .build();
    }

    private static ReactiveAuthenticationManager passThrough() {
        return Mono::just;
    }

    static ServerAuthenticationConverter devHeaderConverter() {
        return exchange -> {
            String user = exchange.getRequest().getHeaders().getFirst(USER_HEADER);
            if (user == null) {
                return Mono.empty();
            }
            if (!USER.matcher(user).matches()) {
                return Mono.error(new org.springframework.security.authentication.BadCredentialsException(
                        USER_HEADER + " must be 1-128 of [A-Za-z0-9._@-]"));
            }
            String rolesHeader = exchange.getRequest().getHeaders().getFirst(ROLES_HEADER);
            List<SimpleGrantedAuthority> authorities = new ArrayList<>();
            if (rolesHeader != null) {
                for (String role : rolesHeader.split(",")) {
                    String r = role.trim().toLowerCase();
                    if (KNOWN_ROLES.contains(r)) {
                        authorities.add(new SimpleGrantedAuthority("ROLE_" + r.toUpperCase()));
                    }
                }
            }
            Authentication auth = new UsernamePasswordAuthenticationToken(user, "n/a", authorities);
            return Mono.just(auth);
        };
    }

    static Mono<Void> writeProblem(ServerWebExchange exchange, ProblemTypes type, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(type.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (type.status() == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set("WWW-Authenticate", "Bearer");
        }
        String body = "{\"type\":\"" + type.type() + "\",\"title\":\"" + type.title() + "\",\"status\":"
                + type.status().value() + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
