package io.creditcast.command.web;

import io.creditcast.command.config.CreditcastProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Admission control: at most {@code creditcast.admission.max-in-flight} API requests are worked on at once;
 * one more is answered at once with 503 problem+json {@code overloaded} and {@code Retry-After: 1}, before
 * authentication, parsing or any database work, and changes nothing (a money-moving retry with the same
 * Idempotency-Key is safe).
 *
 * <p>Without it, the service queued whatever arrived (10,000 commands and 20,000 pings deep): at twice the
 * load it can work off, requests waited past their clients' timeouts and were still worked off afterwards, and
 * the health endpoint shared the wait. With it, the wait in front of the work is bounded by the limit divided
 * by the throughput (512 at ~500 requests/s: about a second), and the rest is shed immediately.
 *
 * <p>An admitted request is worked on by the {@code apiWorkScheduler} threads ({@link HttpServerLoops}), not by
 * the I/O loop that read it: the loops only read, admit or shed, and write, so under overload they keep reading
 * (and shedding) every connection's requests and the health endpoint, which they answer themselves, keeps its
 * deadline. A hand-over can only cost when the loops would keep up: {@code creditcast.http.offload-above-in-flight}
 * lets the loop work on a request itself while at most that many are in flight. Default 0 (always hand over):
 * with 128, at twice the target load the health endpoint missed its deadline in every run, and the metering
 * benchmark's gain was within its run-to-run spread on 2 cores (docs/benchmarks.md, docs/reliability.md).
 *
 * <p>Counted: {@code /api/**} and {@code /webhooks/**}. Not counted: health, metrics and docs (they must
 * answer under overload), and long-lived streams (server-sent events, WebSockets), which would hold a slot
 * for their whole life; those have their own connection limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AdmissionFilter implements WebFilter {
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;
    private final Scheduler work;
    private final int offloadAboveInFlight;
    private final Counter offloaded;

    public AdmissionFilter(
            CreditcastProperties properties, MeterRegistry meters, @Qualifier("apiWorkScheduler") Scheduler work) {
        this.maxInFlight = properties.admission().maxInFlight();
        this.work = work;
        this.offloadAboveInFlight =
                properties.http() == null ? 0 : properties.http().offloadAboveInFlight();
        this.offloaded = Counter.builder("creditcast.admission.offloaded")
                .description("API requests handed from the I/O loop that read them to the api-work threads")
                .register(meters);
        meters.gauge("creditcast.admission.in_flight", inFlight);
        this.shed = Counter.builder("creditcast.admission.shed")
                .description("API requests answered 503 overloaded because max-in-flight were being worked on")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!counted(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        int now = inFlight.incrementAndGet();
        if (now > maxInFlight) {
            inFlight.decrementAndGet();
            shed.increment();
            return overloaded(exchange);
        }
        if (now <= offloadAboveInFlight) {
            return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
        }
        offloaded.increment();
        return Mono.defer(() -> chain.filter(offloaded(exchange)))
                .subscribeOn(work)
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    /**
     * The exchange as the rest of the chain sees it: the request body's buffers are handed over to the work
     * threads, so decoding JSON does not run on the I/O loop that read them.
     */
    private ServerWebExchange offloaded(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return exchange.mutate()
                .request(new ServerHttpRequestDecorator(request) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                        return super.getBody().publishOn(work);
                    }
                })
                .build();
    }

    /** Requests being worked on now (for tests and the gauge). */
    public int inFlight() {
        return inFlight.get();
    }

    static boolean counted(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/") && !path.startsWith("/webhooks/")) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        if ("websocket".equalsIgnoreCase(headers.getUpgrade())) {
            return false;
        }
        return !headers.getAccept().contains(MediaType.TEXT_EVENT_STREAM);
    }

    private Mono<Void> overloaded(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.setStatusCode(ProblemTypes.OVERLOADED.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        String body = "{\"type\":\"" + ProblemTypes.OVERLOADED.type() + "\",\"title\":\""
                + ProblemTypes.OVERLOADED.title() + "\",\"status\":503,\"detail\":\"" + maxInFlight
                + " requests are being worked on, the most this instance takes at once; nothing was done, retry"
                + " after 1 s (with the same Idempotency-Key)\",\"max_in_flight\":" + maxInFlight
                + ",\"retry_after_s\":1}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
