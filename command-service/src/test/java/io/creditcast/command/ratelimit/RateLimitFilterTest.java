package io.creditcast.command.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class RateLimitFilterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AtomicLong clockNanos = new AtomicLong(1_000_000_000L);
    private final RateLimitProperties limits = new RateLimitProperties(true, 5, 3, 4, 100);
    private final TokenBuckets buckets = new TokenBuckets(limits, clockNanos::get);
    private final RateLimitFilter filter = new RateLimitFilter(limits, buckets);
    private final AtomicInteger handled = new AtomicInteger();
    private final WebFilterChain chain = exchange -> {
        handled.incrementAndGet();
        return Mono.empty();
    };

    @Test
    void aUserMayMakeExactlyTheWriteBudgetAndTheNextWriteGets429WithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(run(post("/api/v1/tips", "ann")).getResponse().getStatusCode())
                    .isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
        ServerWebExchange past = run(post("/api/v1/tips", "ann"));

        assertThat(handled).hasValue(3);
        assertThat(past.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(past.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        // 3 per minute: one token is back after 20 s
        assertThat(past.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("20");
        assertThat(((org.springframework.mock.http.server.reactive.MockServerHttpResponse) past.getResponse())
                        .getBodyAsString()
                        .block(TIMEOUT))
                .contains("\"status\":429", "rate-limited", "\"budget\":\"writes\"", "\"limit_per_minute\":3");
    }

    @Test
    void readsWritesAndPingsHaveSeparateBudgets() {
        for (int i = 0; i < 3; i++) {
            run(post("/api/v1/tips", "ann"));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(run(get("/api/v1/wallet", "ann")).getResponse().getStatusCode())
                    .isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(run(post("/api/v1/meter", "ann")).getResponse().getStatusCode())
                    .isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
        assertThat(run(get("/api/v1/wallet", "ann")).getResponse().getStatusCode())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(run(post("/api/v1/meter", "ann")).getResponse().getStatusCode())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(handled).hasValue(12);
    }

    @Test
    void usersDoNotShareABudget() {
        for (int i = 0; i < 3; i++) {
            run(post("/api/v1/tips", "ann"));
        }
        assertThat(run(post("/api/v1/tips", "bob")).getResponse().getStatusCode())
                .isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void theBudgetRefillsEvenlyOverTheMinute() {
        for (int i = 0; i < 3; i++) {
            run(post("/api/v1/tips", "ann"));
        }
        clockNanos.addAndGet(TimeUnit.SECONDS.toNanos(19));
        assertThat(run(post("/api/v1/tips", "ann")).getResponse().getStatusCode())
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        clockNanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(run(post("/api/v1/tips", "ann")).getResponse().getStatusCode())
                .isNotEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(handled).hasValue(4);
    }

    @Test
    void healthDocsAndAnonymousRequestsAreNotCounted() {
        for (int i = 0; i < 10; i++) {
            run(MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health")));
            run(MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/tips")));
        }
        assertThat(handled).hasValue(20);
        assertThat(buckets.size()).isZero();
    }

    @Test
    void disabledLimitsLetEverythingThrough() {
        var off = new RateLimitFilter(new RateLimitProperties(false, 1, 1, 1, 1), buckets);
        for (int i = 0; i < 10; i++) {
            off.filter(post("/api/v1/tips", "ann"), chain).block(TIMEOUT);
        }
        assertThat(handled).hasValue(10);
    }

    @Test
    void idleFullBucketsAreDroppedPastTheTrackedUserLimit() {
        var small = new TokenBuckets(new RateLimitProperties(true, 5, 3, 4, 2), clockNanos::get);
        for (int user = 0; user < 20; user++) {
            small.take("user-" + user, Budget.WRITES);
            clockNanos.addAndGet(TimeUnit.MINUTES.toNanos(1));
        }
        assertThat(small.size()).isLessThanOrEqualTo(2 * Budget.values().length + 1);
    }

    private ServerWebExchange run(ServerWebExchange exchange) {
        filter.filter(exchange, chain).block(TIMEOUT);
        return exchange;
    }

    private static MockServerWebExchange post(String path, String user) {
        return withUser(MockServerHttpRequest.post(path).build(), user);
    }

    private static MockServerWebExchange get(String path, String user) {
        return withUser(MockServerHttpRequest.get(path).build(), user);
    }

    private static MockServerWebExchange withUser(MockServerHttpRequest request, String user) {
        Principal principal = () -> user;
        return MockServerWebExchange.builder(request).principal(principal).build();
    }
}
