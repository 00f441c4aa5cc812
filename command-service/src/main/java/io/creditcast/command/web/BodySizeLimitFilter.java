package io.creditcast.command.web;

import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared body over the limit with 413 before reading a byte of it. Bodies without a
 * Content-Length are bounded by the codec limit ({@code spring.codec.max-in-memory-size}, same value).
 * Webhooks ({@code /webhooks/**}) enforce their own limit on the raw body they verify.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BodySizeLimitFilter implements WebFilter {
    private final long maxBytes;

    public BodySizeLimitFilter(@Value("${spring.codec.max-in-memory-size}") DataSize max) {
        this.maxBytes = max.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBytes && !exchange.getRequest().getPath().value().startsWith("/webhooks/")) {
            var response = exchange.getResponse();
            response.setStatusCode(ProblemTypes.BODY_TOO_LARGE.status());
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            String body = "{\"type\":\"" + ProblemTypes.BODY_TOO_LARGE.type() + "\",\"title\":\""
                    + ProblemTypes.BODY_TOO_LARGE.title() + "\",\"status\":413,\"detail\":\"request body of " + length
                    + " bytes exceeds the limit of " + maxBytes + " bytes\",\"max_bytes\":" + maxBytes + "}";
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
        }
        return chain.filter(exchange);
    }
}
