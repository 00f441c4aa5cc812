package io.creditcast.command.web;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers requests Spring Security's firewall rejects (an encoded slash, a NUL, a non-normalized path, a
 * forbidden header value) with problem+json instead of a bare 400 without a body. Picked up by
 * {@code WebFluxSecurityConfiguration} as the {@code ServerExchangeRejectedHandler} bean.
 */
@Component
public class FirewallRejectionHandler implements ServerExchangeRejectedHandler {
    static final String DETAIL =
            "the request URL or a header was rejected (encoded slash, NUL, non-normalized path or forbidden value)";

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.BAD_REQUEST);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"" + ProblemTypes.VALIDATION.type() + "\",\"title\":\""
                + ProblemTypes.VALIDATION.title() + "\",\"status\":400,\"detail\":\"" + DETAIL + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
