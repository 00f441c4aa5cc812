package io.creditcast.security;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import reactor.core.publisher.Mono;

/**
 * The {@code dev-headers} mode: {@code X-Creditcast-User} names the caller, {@code X-Creditcast-Roles} lists
 * roles (comma separated, unknown ones ignored), {@code X-Creditcast-Email-Verified: false} makes the address
 * unverified (verified otherwise). Anyone can claim anything: never enable it where real users can reach.
 */
public final class DevHeadersAuthentication {
    public static final String USER_HEADER = "X-Creditcast-User";
    public static final String ROLES_HEADER = "X-Creditcast-Roles";
    public static final String EMAIL_VERIFIED_HEADER = "X-Creditcast-Email-Verified";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private DevHeadersAuthentication() {}

    public static AuthenticationWebFilter filter(SecurityProblems invalid) {
        return filter(invalid, false);
    }

    /**
     * @param ignoreWhenAuthorized leave requests with an {@code Authorization} header alone (they are judged by
     *     their bearer token in the {@code jwt-and-dev-headers} mode, never by these headers)
     */
    public static AuthenticationWebFilter filter(SecurityProblems invalid, boolean ignoreWhenAuthorized) {
        ReactiveAuthenticationManager passThrough = Mono::just;
        AuthenticationWebFilter filter = new AuthenticationWebFilter(passThrough);
        ServerAuthenticationConverter headers = converter();
        filter.setServerAuthenticationConverter(
                ignoreWhenAuthorized
                        ? exchange -> exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null
                                ? Mono.empty()
                                : headers.convert(exchange)
                        : headers);
        filter.setAuthenticationFailureHandler(
                (exchange, ex) -> invalid.write(exchange.getExchange(), ex.getMessage()));
        return filter;
    }

    public static ServerAuthenticationConverter converter() {
        return exchange -> {
            var headers = exchange.getRequest().getHeaders();
            String user = headers.getFirst(USER_HEADER);
            if (user == null) {
                return Mono.empty();
            }
            if (!USER.matcher(user).matches()) {
                return Mono.error(new BadCredentialsException(USER_HEADER + " must be 1-128 of [A-Za-z0-9._@-]"));
            }
            String rolesHeader = headers.getFirst(ROLES_HEADER);
            List<String> names = rolesHeader == null ? List.of() : Arrays.asList(rolesHeader.split(","));
            boolean verified = !"false".equalsIgnoreCase(headers.getFirst(EMAIL_VERIFIED_HEADER));
            var authorities = Authorities.of(Roles.known(names), List.of(), verified);
            return Mono.just(new UsernamePasswordAuthenticationToken(user, "n/a", authorities));
        };
    }
}
