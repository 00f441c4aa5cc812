package io.creditcast.command.chat.room;

import io.creditcast.ledger.account.UserId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client in one room (a WebSocket, or a read-only SSE stream). Outbound frames go through a bounded
 * queue: a client that does not keep up is closed with {@link CloseReasons#SLOW_CONSUMER} instead of
 * holding memory for everyone else.
 *
 * <p>A WebSocket connection has a <em>delivery loop</em>: the Netty event loop of its channel. Every frame is
 * queued on that loop (a broadcast hands the loop one task for all of its connections, see
 * {@link ChatHub#broadcast}), so the write that follows runs inline on the channel's own thread instead of
 * costing a cross-thread hand-off per client and frame, and frames reach the client in the order they
 * were offered, whoever offered them. A connection without a loop (server-sent events) queues directly.
 */
public final class ChatConnection {
    private final String id;
    private final String streamId;
    private final UserId userId;
    private final boolean privileged;
    private final boolean canSend;
    private final String remoteIp;
    private final Executor loop;
    private final Sinks.Many<OutboundFrame> outbound;
    private final Sinks.One<CloseStatus> close = Sinks.one();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
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
            int queueFrames,
            Executor loop) {
        this.loop = loop;
        this.id = id;
        this.streamId = streamId;
        this.userId = userId;
        this.privileged = privileged;
        this.canSend = canSend;
        this.remoteIp = remoteIp;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(queueFrames));
    }

    /** The delivery "loop" of a connection without an event loop (server-sent events): the caller's thread. */
    public static final Executor DIRECT = Runnable::run;

    public Executor loop() {
        return loop;
    }

    /**
     * Queues a frame (on the delivery loop); a full queue closes the connection as a slow consumer. False
     * when the connection is closing, or (without an event loop) the frame was refused at once.
     */
    public boolean offer(String frameJson) {
        return offer(OutboundFrame.of(frameJson));
    }

    /** {@link #offer(String)} for a frame already encoded. */
    public boolean offer(OutboundFrame frame) {
        if (closeRequested.get()) {
            return false;
        }
        if (loop == DIRECT) {
            return offerHere(frame);
        }
        try { // even from the loop's own thread: behind the frames already queued there, in order
            loop.execute(() -> offerHere(frame));
            return true;
        } catch (RejectedExecutionException e) {
            closeWith(CloseReasons.SLOW_CONSUMER); // the channel's loop is shutting down: the client is gone
            return false;
        }
    }

    /** Queues a frame from the delivery loop's own thread (or any thread for a connection without one). */
    boolean offerHere(OutboundFrame frame) {
        if (closing.get()) {
            return false;
        }
        Sinks.EmitResult result;
        synchronized (outbound) {
            result = outbound.tryEmitNext(frame);
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            closeWith(CloseReasons.SLOW_CONSUMER);
            return false;
        }
        return result.isSuccess();
    }

    /** Asks the transport to close with a typed reason (after the frames already queued). */
    public void closeWith(CloseStatus status) {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        Runnable closeNow = () -> {
            closing.set(true);
            close.tryEmitValue(status);
            synchronized (outbound) {
                outbound.tryEmitComplete();
            }
        };
        try { // on the loop, behind the frames offered before (a ban's error frame goes out first)
            loop.execute(closeNow);
        } catch (RejectedExecutionException e) {
            closeNow.run();
        }
    }

    /** Called by the transport once it has gone, however it went. */
    void released() {
        closeRequested.set(true);
        closing.set(true);
        close.tryEmitEmpty();
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
    }

    public Flux<OutboundFrame> frames() {
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
