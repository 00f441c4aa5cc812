package io.creditcast.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Projection lag: the time from an event's timestamp (when the command side recorded it) to the commit
 * of the processor batch that projected it (from then on readable), as timer {@code creditcast.projection.lag} per processor (p50/p99 published).
 * Replayed events are not counted: their lag is the age of the history, not a delay.
 */
@Component
public class ProjectionLag {
    private final MeterRegistry registry;
    private final Clock clock;

    public ProjectionLag(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    public MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
        Timer timer = Timer.builder("creditcast.projection.lag")
                .description("event recorded → projected")
                .tag("processor", processor)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(registry);
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            EventMessage<?> message = unitOfWork.getMessage();
            if (!ReplayToken.isReplay(message)) {
                // measured when the batch's rows are committed (readable), not when the handler returned:
                // the projections write a batch's rows at prepare-commit
                Instant recorded = message.getTimestamp();
                unitOfWork.afterCommit(u -> {
                    long lagMs = Duration.between(recorded, clock.instant()).toMillis();
                    timer.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
                });
            }
            return result;
        };
    }
}
