package io.creditcast.bench;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out the next metered interval to send, round-robin over viewers, in compressed time.
 *
 * <p>A viewer is in one of three states: ready (queued), in flight (a ticket is out) or retired. A viewer
 * has at most one request in flight, so its intervals reach the server in order 0, 1, 2, ... A completed
 * ticket puts the viewer back at the tail of the queue. Thread-safe.
 */
final class RoundRobinScheduler {

    /** The interval {@code intervalIndex} of viewer number {@code viewer} is to be sent now. */
    record Ticket(int viewer, long intervalIndex) {}

    /** What the answer to a ticket means for its viewer. */
    enum Outcome {
        /** The interval was answered (debited, replayed or refused for good): send the next one. */
        ADVANCE,
        /** Send the same interval again later (e.g. after a transport error). */
        RETRY,
        /** The viewer can send no more (e.g. out of credits): take it out of the rotation. */
        RETIRE
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long[] nextIntervalIndex;
    private final boolean[] inFlight;
    private final ArrayDeque<Integer> ready;
    private final long maxIntervalIndex;
    private int activeViewers;

    /**
     * @param maxIntervalIndex the last interval a viewer sends; past it the viewer retires (the API caps a
     *     session's interval index)
     */
    RoundRobinScheduler(int viewers, long maxIntervalIndex) {
        if (viewers < 1) {
            throw new IllegalArgumentException("viewers must be positive, got " + viewers);
        }
        if (maxIntervalIndex < 0) {
            throw new IllegalArgumentException("maxIntervalIndex must not be negative, got " + maxIntervalIndex);
        }
        this.maxIntervalIndex = maxIntervalIndex;
        this.nextIntervalIndex = new long[viewers];
        this.inFlight = new boolean[viewers];
        this.ready = new ArrayDeque<>(viewers);
        for (int viewer = 0; viewer < viewers; viewer++) {
            ready.addLast(viewer);
        }
        this.activeViewers = viewers;
    }

    /** The next ticket if some viewer is ready, without waiting. */
    Optional<Ticket> poll() {
        lock.lock();
        try {
            return Optional.ofNullable(nextLocked());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code timeoutNanos} for a ready viewer; empty on timeout or when every viewer is retired.
     */
    Optional<Ticket> take(long timeoutNanos) throws InterruptedException {
        long remainingNanos = timeoutNanos;
        lock.lock();
        try {
            while (ready.isEmpty()) {
                if (activeViewers == 0 || remainingNanos <= 0) {
                    return Optional.empty();
                }
                remainingNanos = changed.awaitNanos(remainingNanos);
            }
            return Optional.of(nextLocked());
        } finally {
            lock.unlock();
        }
    }

    /** Reports the answer to a ticket handed out by {@link #poll()} or {@link #take(long)}. */
    void complete(Ticket ticket, Outcome outcome) {
        lock.lock();
        try {
            int viewer = ticket.viewer();
            if (viewer < 0 || viewer >= inFlight.length || !inFlight[viewer]) {
                throw new IllegalStateException("ticket " + ticket + " is not in flight");
            }
            if (nextIntervalIndex[viewer] != ticket.intervalIndex()) {
                throw new IllegalStateException(
                        "ticket " + ticket + " is stale; viewer is at interval " + nextIntervalIndex[viewer]);
            }
            inFlight[viewer] = false;
            switch (outcome) {
                case ADVANCE -> {
                    nextIntervalIndex[viewer]++;
                    if (nextIntervalIndex[viewer] > maxIntervalIndex) {
                        activeViewers--;
                    } else {
                        ready.addLast(viewer);
                    }
                }
                case RETRY -> ready.addLast(viewer);
                case RETIRE -> activeViewers--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Viewers not retired (ready or in flight). */
    int activeViewers() {
        lock.lock();
        try {
            return activeViewers;
        } finally {
            lock.unlock();
        }
    }

    /** The interval the viewer sends next. */
    long nextIntervalIndex(int viewer) {
        lock.lock();
        try {
            return nextIntervalIndex[viewer];
        } finally {
            lock.unlock();
        }
    }

    private Ticket nextLocked() {
        Integer viewer = ready.pollFirst();
        if (viewer == null) {
            return null;
        }
        inFlight[viewer] = true;
        return new Ticket(viewer, nextIntervalIndex[viewer]);
    }
}
