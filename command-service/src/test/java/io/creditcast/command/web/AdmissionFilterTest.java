package io.creditcast.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.config.CreditcastProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The in-flight limit: at the limit every request is worked on; one past it is shed with 503 and does nothing. */
class AdmissionFilterTest {
    static final int LIMIT = 3;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    static final CreditcastProperties PROPERTIES =
            WebProperties.of(new CreditcastProperties.Admission(LIMIT, 2_000), null);
    /** Works on admitted requests on the caller's thread, so the admission tests can count synchronously. */
    final AdmissionFilter filter = new AdmissionFilter(PROPERTIES, meters, Schedulers.immediate());
    /** Completes every request the chain is working on. */
    final Sinks.Empty<Void> release = Sinks.empty();

    final List<ServerWebExchange> reachedTheHandler = new ArrayList<>();
    final WebFilterChain slowHandler = exchange -> {
        reachedTheHandler.add(exchange);
        return release.asMono();
    };

    @Test
    void atTheLimitEveryRequestIsWorkedOnAndOnePastItIsShedWithAProblemAndRetryAfter() {
        List<Disposable> running = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            running.add(filter.filter(post("/api/v1/meter"), slowHandler).subscribe());
        }
        assertThat(reachedTheHandler).hasSize(LIMIT);
        assertThat(filter.inFlight()).isEqualTo(LIMIT);

        MockServerWebExchange onePast = post("/api/v1/tips");
        filter.filter(onePast, slowHandler).block();
        assertThat(reachedTheHandler).as("the shed request did nothing").hasSize(LIMIT);
        var response = onePast.getResponse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBodyAsString().block())
                .contains("\"type\":\"https://creditcast.io/problems/overloaded\"", "\"status\":503")
                .contains("\"max_in_flight\":" + LIMIT);
        assertThat(meters.get("creditcast.admission.shed").counter().count()).isEqualTo(1.0);

        release.tryEmitEmpty();
        assertThat(filter.inFlight())
                .as("finished requests give their slots back")
                .isZero();
        filter.filter(post("/api/v1/tips"), slowHandler).block();
        assertThat(reachedTheHandler).hasSize(LIMIT + 1);
        running.forEach(Disposable::dispose);
    }

    @Test
    void aRequestWhoseClientWentAwayGivesItsSlotBack() {
        Disposable abandoned =
                filter.filter(post("/api/v1/meter"), exchange -> Mono.never()).subscribe();
        assertThat(filter.inFlight()).isEqualTo(1);
        abandoned.dispose();
        assertThat(filter.inFlight()).isZero();
    }

    @Test
    void healthDocsStreamsAndWebSocketsAreNotCountedSoTheyAnswerWhenTheLimitIsReached() {
        for (int i = 0; i < LIMIT; i++) {
            filter.filter(post("/api/v1/meter"), slowHandler).subscribe();
        }
        List<MockServerWebExchange> notCounted = List.of(
                get("/actuator/health"),
                get("/actuator/prometheus"),
                get("/v3/api-docs"),
                MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/streams/s1/chat/events")
                        .accept(MediaType.TEXT_EVENT_STREAM)),
                MockServerWebExchange.from(
                        MockServerHttpRequest.get("/api/v1/chat/ws").header(HttpHeaders.UPGRADE, "websocket")));
        for (MockServerWebExchange exchange : notCounted) {
            filter.filter(exchange, e -> Mono.empty()).block();
            assertThat(exchange.getResponse().getStatusCode())
                    .as(exchange.getRequest().getPath().value())
                    .isNotEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        }
        MockServerWebExchange counted = post("/webhooks/stripe");
        filter.filter(counted, slowHandler).block();
        assertThat(counted.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        release.tryEmitEmpty();
    }

    @Test
    void admittedRequestsAndTheirBodiesAreWorkedOnByTheWorkThreadsWhileUncountedOnesStayOnTheLoop() {
        Scheduler work = Schedulers.newParallel("api-work-test", 2, true);
        try {
            AdmissionFilter offloading = new AdmissionFilter(PROPERTIES, meters, work);
            AtomicReference<String> handlerThread = new AtomicReference<>();
            AtomicReference<String> bodyThread = new AtomicReference<>();
            offloading
                    .filter(post("/api/v1/meter"), exchange -> {
                        handlerThread.set(Thread.currentThread().getName());
                        return exchange.getRequest()
                                .getBody()
                                .doOnNext(buffer ->
                                        bodyThread.set(Thread.currentThread().getName()))
                                .then();
                    })
                    .block(Duration.ofSeconds(5));
            assertThat(handlerThread.get()).startsWith("api-work-test");
            assertThat(bodyThread.get())
                    .as("the body's buffers are handed to the work threads (JSON is decoded there)")
                    .startsWith("api-work-test");
            assertThat(offloading.inFlight()).isZero();

            AtomicReference<String> healthThread = new AtomicReference<>();
            offloading
                    .filter(get("/actuator/health"), exchange -> {
                        healthThread.set(Thread.currentThread().getName());
                        return Mono.empty();
                    })
                    .block(Duration.ofSeconds(5));
            assertThat(healthThread.get())
                    .as("health is answered by the thread that read it")
                    .isEqualTo(Thread.currentThread().getName());
        } finally {
            work.dispose();
        }
    }

    @Test
    void belowTheOffloadThresholdTheLoopWorksOnTheRequestItselfAndAboveItHandsItOver() {
        Scheduler work = Schedulers.newParallel("api-work-test", 2, true);
        try {
            var properties = WebProperties.of(
                    new CreditcastProperties.Admission(LIMIT, 2_000), new CreditcastProperties.Http(0, 0, 1));
            AdmissionFilter adaptive = new AdmissionFilter(properties, meters, work);
            List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
            WebFilterChain recordingThread = exchange -> Mono.defer(() -> {
                threads.add(Thread.currentThread().getName());
                return release.asMono();
            });
            Disposable first =
                    adaptive.filter(post("/api/v1/meter"), recordingThread).subscribe();
            Disposable second =
                    adaptive.filter(post("/api/v1/meter"), recordingThread).subscribe();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (threads.size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(threads)
                    .as("the first (1 in flight, at the threshold) on the caller's thread, the second handed over")
                    .containsExactly(Thread.currentThread().getName(), threads.get(1));
            assertThat(threads.get(1)).startsWith("api-work-test");
            assertThat(meters.get("creditcast.admission.offloaded").counter().count())
                    .isEqualTo(1.0);
            release.tryEmitEmpty();
            first.dispose();
            second.dispose();
        } finally {
            work.dispose();
        }
    }

    private static MockServerWebExchange post(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path).body("{}"));
    }

    private static MockServerWebExchange get(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get(path));
    }
}
