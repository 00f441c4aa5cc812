package io.creditcast.command.chat.room;

import io.creditcast.ledger.account.UserId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client in one room (a WebSocket, or a read-only SSE stream). Outbound frames go through a bounded
 * queue: a client that does not keep up is closed with {@link CloseReasons#SLOW_CONSUMER} instead of
 * holding memory for everyone else.
 */
public final class ChatConnection {
    private final String id;
    private final String streamId;
    private final UserId userId;
    private final boolean privileged;
    private final boolean canSend;
    private final String remoteIp;
    private final Sinks.Many<String> outbound;
    private final Sinks.One<CloseStatus> close = Sinks.one();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean eligible = true;
    private long appliedWalletSeq = -1;

    public ChatConnection(
            String id,
            String streamId,
            UserId userId,
            boolean privileged,
            boolean canSend,
            String remoteIp,
            int queueFrames) {
        this.id = id;
        this.streamId = streamId;
        this.userId = userId;
        this.privileged = privileged;
        this.canSend = canSend;
        this.remoteIp = remoteIp;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(queueFrames));
    }

    /** Queues a frame; a full queue closes the connection as a slow consumer. */
    public boolean offer(String frameJson) {
        if (closing.get()) {
            return false;
        }
        Sinks.EmitResult result;
        synchronized (outbound) {
            result = outbound.tryEmitNext(frameJson);
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            closeWith(CloseReasons.SLOW_CONSUMER);
            return false;
        }
        return result.isSuccess();
    }

    /** Asks the transport to close with a typed reason (after the frames already queued). */
    public void closeWith(CloseStatus status) {
        if (closing.compareAndSet(false, true)) {
            close.tryEmitValue(status);
            synchronized (outbound) {
                outbound.tryEmitComplete();
            }
        }
    }

    /** Called by the transport once it has gone, however it went. */
    void released() {
        closing.set(true);
        close.tryEmitEmpty();
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
    }

    public Flux<String> frames() {
        return outbound.asFlux();
    }

    public Mono<CloseStatus> closeRequests() {
        return close.asMono();
    }

    public String id() {
        return id;
    }

    public String streamId() {
        return streamId;
    }

    public UserId userId() {
        return userId;
    }

    public boolean privileged() {
        return privileged;
    }

    public boolean canSend() {
        return canSend;
    }

    public String remoteIp() {
        return remoteIp;
    }

    public boolean eligible() {
        return eligible;
    }

    public void eligible(boolean value) {
        this.eligible = value;
    }

    /**
     * True (once) when a wallet notice with this sequence number is newer than every one applied to this
     * connection so far: repeated and late notices (several instances, retries) are then ignored.
     */
    public synchronized boolean applyWalletSeq(long walletSeq) {
        if (walletSeq <= appliedWalletSeq) {
            return false;
        }
        appliedWalletSeq = walletSeq;
        return true;
    }
}
