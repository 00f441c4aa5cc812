package io.creditcast.query.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * A fixed number of long-lived event streams (server-sent events) one instance keeps open at once: each holds a
 * connection and a database listener for its whole life. One more is refused with 503 {@code overloaded}
 * (problem+json) before anything is opened; a stream gives its slot back when it ends, fails or its client goes.
 */
public final class StreamSlots {
    private final String what;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public StreamSlots(String what, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the most " + what + " open at once must be at least 1: " + max);
        }
        this.what = what;
        this.max = max;
    }

    /** Takes a slot and opens the stream, or refuses at once when every slot is taken. */
    public <T> Flux<T> open(Supplier<Flux<T>> stream) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new ApiException(
                    ProblemTypes.OVERLOADED,
                    "too many " + what + " open on this instance (at most " + max + "); retry later");
        }
        try {
            return stream.get().doFinally(signal -> open.decrementAndGet());
        } catch (RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }
}
