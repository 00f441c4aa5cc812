package io.creditcast.media.relay.internal;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hands every MP3 chunk the relay's encoder produces to each current listener. At most {@code maxListeners}
 * listeners; each has a queue of {@code bufferChunks} chunks, and a listener whose queue is full (a client that
 * reads slower than real time) is disconnected instead of slowing the encoder or growing memory. MP3 frames
 * resynchronise by themselves, so a listener may join at any chunk.
 */
public final class Mp3FanOut {

    private final int maxListeners;
    private final int bufferChunks;
    private final Set<Sinks.Many<byte[]>> listeners = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Mp3FanOut(int maxListeners, int bufferChunks) {
        this.maxListeners = maxListeners;
        this.bufferChunks = bufferChunks;
    }

    /** A new listener's chunks, or empty when the limit is reached or the relay is gone. */
    public synchronized Optional<Flux<byte[]>> listen() {
        if (closed || listeners.size() >= maxListeners) {
            return Optional.empty();
        }
        Sinks.Many<byte[]> sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(bufferChunks));
        listeners.add(sink);
        return Optional.of(sink.asFlux().doFinally(signal -> listeners.remove(sink)));
    }

    /** Called by the single reader thread of the encoder's MP3 output. */
    public void publish(byte[] chunk) {
        for (Sinks.Many<byte[]> sink : listeners) {
            Sinks.EmitResult result = sink.tryEmitNext(chunk);
            if (result.isFailure()) {
                listeners.remove(sink);
                sink.tryEmitComplete();
            }
        }
    }

    public int listenerCount() {
        return listeners.size();
    }

    /** Ends every listener's stream and refuses new ones. */
    public synchronized void close() {
        closed = true;
        for (Sinks.Many<byte[]> sink : listeners) {
            sink.tryEmitComplete();
        }
        listeners.clear();
    }
}
