package io.creditcast.command.chat.follow;

import io.creditcast.command.chat.follow.FollowStore.Notification;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.ProblemTypes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** Online users' notification streams on this instance (bounded queue per stream; overflow ends it). */
public class NotificationHub {
    /** Notification streams one user may hold open. */
    public static final int MAX_STREAMS_PER_USER = 5;
    /** Undelivered notifications queued per stream. */
    public static final int QUEUE_PER_STREAM = 256;

    private final Map<String, Set<Sinks.Many<Notification>>> online = new ConcurrentHashMap<>();

    /** The user's live notifications; an error when they already hold the maximum of streams. */
    public synchronized Flux<Notification> subscribe(String user) {
        Set<Sinks.Many<Notification>> mine = online.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet());
        if (mine.size() >= MAX_STREAMS_PER_USER) {
            return Flux.error(new ApiException(
                    ProblemTypes.LIMIT_EXCEEDED, "at most " + MAX_STREAMS_PER_USER + " notification streams"));
        }
        Sinks.Many<Notification> sink =
                Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(QUEUE_PER_STREAM));
        mine.add(sink);
        return sink.asFlux().doFinally(s -> remove(user, sink));
    }

    private synchronized void remove(String user, Sinks.Many<Notification> sink) {
        Set<Sinks.Many<Notification>> mine = online.get(user);
        if (mine != null) {
            mine.remove(sink);
            if (mine.isEmpty()) {
                online.remove(user);
            }
        }
    }

    public void deliver(String user, Notification n) {
        Set<Sinks.Many<Notification>> mine = online.get(user);
        if (mine == null) {
            return;
        }
        for (Sinks.Many<Notification> sink : mine) {
            synchronized (sink) {
                if (sink.tryEmitNext(n) == Sinks.EmitResult.FAIL_OVERFLOW) {
                    sink.tryEmitError(new IllegalStateException("notification stream fell behind"));
                }
            }
        }
    }
}
