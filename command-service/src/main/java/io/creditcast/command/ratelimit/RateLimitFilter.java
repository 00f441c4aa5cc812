package io.creditcast.command.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spends one token of the caller's budget per API request (after authentication, so the key is the
 * authenticated user) and answers 429 problem+json with {@code Retry-After} when the budget is empty.
 * Requests without a principal pass through: security has already refused them, or they are public.
 */
public final class RateLimitFilter implements WebFilter, Ordered {
    static final String PROBLEM_TYPE = "https://creditcast.io/problems/rate-limited";

    private final RateLimitProperties properties;
    private final TokenBuckets buckets;

    RateLimitFilter(RateLimitProperties properties, TokenBuckets buckets) {
        this.properties = properties;
        this.buckets = buckets;
    }

    /** After Spring Security's {@code WebFilterChainProxy} (-100), so the user is known; before the handlers. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled()) {
            return chain.filter(exchange);
        }
        Budget budget = Budget.of(
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().pathWithinApplication().value());
        if (budget == null) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(Principal::getName)
                .flatMap(user -> {
                    TokenBuckets.Decision decision = buckets.take(user, budget);
                    return decision.allowed()
                            ? chain.filter(exchange).then(Mono.just(Boolean.TRUE))
                            : tooMany(exchange, budget, decision).then(Mono.just(Boolean.TRUE));
                })
                .switchIfEmpty(Mono.defer(() -> chain.filter(exchange).then(Mono.just(Boolean.TRUE))))
                .then();
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, Budget budget, TokenBuckets.Decision decision) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set("Retry-After", Long.toString(decision.retryAfterSeconds()));
        String name = budget.name().toLowerCase(java.util.Locale.ROOT);
        long limit = properties.perMinute(budget);
        String body = "{\"type\":\"" + PROBLEM_TYPE + "\",\"title\":\"Too many requests\",\"status\":429,"
                + "\"detail\":\"the " + name + " budget of " + limit + " per minute is spent; retry after "
                + decision.retryAfterSeconds() + " s\",\"budget\":\"" + name + "\",\"limit_per_minute\":" + limit
                + ",\"retry_after_s\":" + decision.retryAfterSeconds() + "}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
