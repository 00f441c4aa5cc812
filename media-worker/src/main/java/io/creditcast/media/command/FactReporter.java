package io.creditcast.media.command;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends facts to the command side in the order they happened, on one thread, off the ingest path: a bounded queue
 * ({@code capacity}), each fact retried with doubling backoff up to {@code attempts} times while the command side
 * is unreachable; a fact the command side refuses (4xx) is logged and dropped.
 */
public final class FactReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FactReporter.class);

    private record Pending(String streamId, MediaFact fact) {}

    private final MediaCommandClient client;
    private final int attempts;
    private final Duration initialBackoff;
    private final BlockingQueue<Pending> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public FactReporter(MediaCommandClient client, int attempts, Duration initialBackoff, int capacity) {
        this.client = client;
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = Thread.ofPlatform().daemon().name("media-facts").start(this::run);
    }

    /** Queues a fact; false (and logged) when the queue is full. */
    public boolean report(String streamId, MediaFact fact) {
        boolean queued = !closed && queue.offer(new Pending(streamId, fact));
        if (!queued) {
            dropped.incrementAndGet();
            log.error("fact {} for stream {} dropped: the report queue is full or closed", fact, streamId);
        }
        return queued;
    }

    /** Facts given up on (queue full, closed, refused or retries exhausted). */
    public long droppedCount() {
        return dropped.get();
    }

    public int queuedCount() {
        return queue.size();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Pending next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                send(next);
            }
        }
    }

    private void send(Pending pending) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                client.report(pending.streamId(), pending.fact());
                return;
            } catch (MediaCommandClient.FactRejectedException e) {
                dropped.incrementAndGet();
                log.warn(
                        "command side refused {} for stream {}: {}",
                        pending.fact(),
                        pending.streamId(),
                        e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                log.warn(
                        "reporting {} for stream {} failed (attempt {}/{}): {}",
                        pending.fact(),
                        pending.streamId(),
                        attempt,
                        attempts,
                        e.toString());
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
        dropped.incrementAndGet();
        log.error("gave up reporting {} for stream {} after {} attempts", pending.fact(), pending.streamId(), attempts);
    }

    /** Sends what is queued (bounded by {@code drainTimeout}), then stops. */
    public void close(Duration drainTimeout) {
        closed = true;
        try {
            worker.join(drainTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
