package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.ProblemTypes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Faults the reliability harness injects into a running service's projection processors, to prove that a
 * processor thread killed mid-replay loses nothing ({@link ProjectionSupervisor}). Off unless
 * {@code creditcast.query.fault-injection.enabled}; when off, the admin endpoint answers 404 and the interceptor is
 * not registered.
 *
 * <ul>
 *   <li>{@link Kind#INTERRUPT}: every thread of the processor is interrupted (Axon shuts the processor down when
 *       its thread sees the interrupt);
 *   <li>{@link Kind#CRASH}: the processor's thread dies of an {@link Error} while handling the next replayed
 *       event, in the middle of a batch (the batch is rolled back; Axon pauses the processor in error). Armed
 *       until a replayed event comes;
 *   <li>{@link Kind#CLEAR}: disarms a crash that found no replay to kill.
 * </ul>
 */
@Component
public class ProjectionFaults {
    private static final Logger log = LoggerFactory.getLogger(ProjectionFaults.class);

    public enum Kind {
        INTERRUPT,
        CRASH,
        CLEAR
    }

    /** What was injected: the processor threads interrupted, or that the next event's handling will die. */
    public record Injected(String projection, String kind, List<String> threads) {}

    /** Thrown by the interceptor: an {@link Error}, which Axon's retry loop does not catch, like a real one. */
    static final class InjectedThreadDeath extends Error {
        InjectedThreadDeath(String projection) {
            super("fault injected by the reliability harness: the processing thread of " + projection + " dies");
        }
    }

    private final boolean enabled;
    private final Set<String> armed = ConcurrentHashMap.newKeySet();

    public ProjectionFaults(QueryProperties properties) {
        this.enabled = properties.faultInjection() != null
                && properties.faultInjection().enabled();
    }

    public boolean enabled() {
        return enabled;
    }

    /** Injects one fault into a projection's processor (its name checked by the caller). */
    public Injected inject(String projection, Kind kind) {
        if (!enabled) {
            throw new ApiException(
                    ProblemTypes.NOT_FOUND,
                    "fault injection is off in this service (creditcast.query.fault-injection.enabled)");
        }
        return switch (kind) {
            case INTERRUPT -> {
                List<Thread> threads = threadsOf(projection);
                threads.forEach(Thread::interrupt);
                log.warn("fault injected: interrupted {} thread(s) of projection {}", threads.size(), projection);
                yield new Injected(
                        projection,
                        "interrupt",
                        threads.stream().map(Thread::getName).toList());
            }
            case CRASH -> {
                armed.add(projection);
                log.warn(
                        "fault injected: the next replayed event of projection {} kills its processing thread",
                        projection);
                yield new Injected(
                        projection,
                        "crash",
                        threadsOf(projection).stream().map(Thread::getName).toList());
            }
            case CLEAR -> {
                boolean wasArmed = armed.remove(projection);
                yield new Injected(projection, wasArmed ? "cleared" : "nothing armed", List.of());
            }
        };
    }

    /** The interceptor registered on every projection processor when fault injection is on. */
    MessageHandlerInterceptor<EventMessage<?>> interceptor(String projection) {
        return (unitOfWork, chain) -> {
            if (ReplayToken.isReplay(unitOfWork.getMessage()) && armed.remove(projection)) {
                throw new InjectedThreadDeath(projection);
            }
            return chain.proceed();
        };
    }

    /** Axon names a processor's threads {@code EventProcessor[name]-N}. */
    static List<Thread> threadsOf(String projection) {
        String prefix = "EventProcessor[" + projection + "]";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .toList();
    }
}
