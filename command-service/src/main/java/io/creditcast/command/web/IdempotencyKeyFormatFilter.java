package io.creditcast.command.web;

import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A malformed {@code Idempotency-Key} is refused on every endpoint (400 problem+json naming the header),
 * also on those that do not need one: a client sending a broken key has a bug it should hear about, and the
 * answer never depends on whether that endpoint happens to read the header.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class IdempotencyKeyFormatFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var keys = exchange.getRequest().getHeaders().get(CommandSender.IDEMPOTENCY_HEADER);
        if (keys == null
                || (keys.size() == 1
                        && CommandSender.KEY_SHAPE.matcher(keys.get(0)).matches())) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(ProblemTypes.VALIDATION.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"" + ProblemTypes.VALIDATION.type() + "\",\"title\":\""
                + ProblemTypes.VALIDATION.title() + "\",\"status\":400,"
                + "\"detail\":\"Idempotency-Key must be one header of 1-255 visible ASCII characters\","
                + "\"errors\":[{\"field\":\"" + CommandSender.IDEMPOTENCY_HEADER
                + "\",\"message\":\"1-255 visible ASCII characters\"}]}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
