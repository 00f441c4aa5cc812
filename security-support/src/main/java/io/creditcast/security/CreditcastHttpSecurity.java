package io.creditcast.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * Applies Creditcast's authentication to a service's {@link ServerHttpSecurity}: stateless, no CSRF/basic/form
 * login, problem+json 401/403, and either the JWT resource server or the dev-headers filter. Services add
 * only their route rules:
 *
 * <pre>{@code
 * return security.apply(http).authorizeExchange(a -> a.pathMatchers(...)...).build();
 * }</pre>
 */
public final class CreditcastHttpSecurity {
    /** Paths every service leaves open (health probes, metrics scraping, API docs). */
    public static final String[] PUBLIC_PATHS = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/actuator/prometheus",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/webjars/**"
    };

    private final CreditcastSecurityProperties properties;
    private final ReactiveJwtDecoder decoder;

    /** @param decoder required when bearer tokens are verified, ignored (may be null) in dev-headers mode */
    public CreditcastHttpSecurity(CreditcastSecurityProperties properties, ReactiveJwtDecoder decoder) {
        if (properties.mode().verifiesBearerTokens() && decoder == null) {
            throw new IllegalStateException(properties.mode() + " mode needs a ReactiveJwtDecoder");
        }
        this.properties = properties;
        this.decoder = decoder;
    }

    public SecurityMode mode() {
        return properties.mode();
    }

    public ServerHttpSecurity apply(ServerHttpSecurity http) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint()).accessDeniedHandler(accessDenied()));
        if (properties.mode().verifiesBearerTokens()) {
            http.oauth2ResourceServer(o -> o.bearerTokenConverter(
                            boundedBearerToken(properties.jwt().maxTokenChars()))
                    .authenticationEntryPoint(entryPoint())
                    .accessDeniedHandler(accessDenied())
                    .jwt(j -> j.jwtDecoder(decoder)
                            .jwtAuthenticationConverter(new KeycloakJwtAuthenticationConverter())));
        }
        if (properties.mode().trustsDevHeaders()) {
            // with bearer tokens verified too, a request carrying an Authorization header is left to the token
            http.addFilterAt(
                    DevHeadersAuthentication.filter(
                            SecurityProblems.INVALID_TOKEN, properties.mode().verifiesBearerTokens()),
                    SecurityWebFiltersOrder.AUTHENTICATION);
        }
        return http;
    }

    /** 401: no credentials → {@code unauthenticated}; a bad token → {@code invalid-token}. */
    public static ServerAuthenticationEntryPoint entryPoint() {
        return (exchange, ex) -> {
            if (isInvalidToken(ex)) {
                return SecurityProblems.INVALID_TOKEN.write(exchange, describe(ex));
            }
            return SecurityProblems.UNAUTHENTICATED.write(exchange, "a bearer token is required");
        };
    }

    /** 403: {@code email-not-verified} for purchases/going live, {@code forbidden} otherwise. */
    public static ServerAccessDeniedHandler accessDenied() {
        return (exchange, ex) -> {
            if (ex instanceof EmailNotVerifiedException) {
                return SecurityProblems.EMAIL_NOT_VERIFIED.write(exchange, ex.getMessage());
            }
            return SecurityProblems.FORBIDDEN.write(exchange, "your roles or token scopes do not allow this");
        };
    }

    /** Rejects oversized bearer tokens before they are parsed; otherwise the standard RFC 6750 header reader. */
    static ServerAuthenticationConverter boundedBearerToken(int maxTokenChars) {
        ServerBearerTokenAuthenticationConverter standard = new ServerBearerTokenAuthenticationConverter();
        return exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header != null && header.length() > maxTokenChars + "Bearer ".length()) {
                return Mono.error(
                        new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("bearer token too large")));
            }
            return standard.convert(exchange);
        };
    }

    private static boolean isInvalidToken(AuthenticationException ex) {
        return ex instanceof OAuth2AuthenticationException
                || ex instanceof org.springframework.security.authentication.BadCredentialsException;
    }

    /** A short reason without any part of the token (validator and parser messages only). */
    private static String describe(AuthenticationException ex) {
        String reason =
                ex instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null
                        ? o.getError().getDescription()
                        : ex.getMessage();
        if (reason == null || reason.isBlank()) {
            return "the bearer token is not valid";
        }
        return reason.length() > 200 ? reason.substring(0, 200) : reason;
    }
}
