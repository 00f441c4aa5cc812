package io.creditcast.stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.LedgerRejection.Reason;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.ProductKind;
import io.creditcast.stream.StreamCommands.AcceptPass;
import io.creditcast.stream.StreamCommands.CreateStream;
import io.creditcast.stream.StreamCommands.EndStream;
import io.creditcast.stream.StreamCommands.MarkIngestLost;
import io.creditcast.stream.StreamCommands.MarkStreamLive;
import io.creditcast.stream.StreamCommands.RecordAudience;
import io.creditcast.stream.StreamCommands.RecordRecordingReady;
import io.creditcast.stream.StreamCommands.RotateStreamKey;
import io.creditcast.stream.StreamCommands.TakeDownStream;
import io.creditcast.stream.StreamEvent.AudienceMeasured;
import io.creditcast.stream.StreamEvent.PassAccepted;
import io.creditcast.stream.StreamEvent.RecordingReady;
import io.creditcast.stream.StreamEvent.StreamCreated;
import io.creditcast.stream.StreamEvent.StreamEnded;
import io.creditcast.stream.StreamEvent.StreamKeyIssued;
import io.creditcast.stream.StreamEvent.StreamPaused;
import io.creditcast.stream.StreamEvent.StreamResumed;
import io.creditcast.stream.StreamEvent.StreamScheduled;
import io.creditcast.stream.StreamEvent.StreamTakenDown;
import io.creditcast.stream.StreamEvent.StreamWentLive;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;

/**
 * A creator's stream: its details and access policy, the hash of its current ingest key, and its status, which
 * only media facts move ({@link StreamStatus}). Media facts are idempotent: the worker retries them, so a repeat
 * of the fact that is already true records nothing.
 *
 * <p>Revision 2 added the accepted passes: snapshots of revision 1 lack them and are ignored (the stream is
 * rebuilt from its events).
 */
@Revision("2")
public class Stream {
    /** Roles allowed to take a stream down. */
    public static final Set<String> TAKEDOWN_ROLES = Set.of("moderator", "admin");

    @AggregateIdentifier
    private String streamId;

    private UserId creatorId;
    private String category;
    private StreamDetails details;
    private String keyHash;
    private int keyVersion;
    private StreamStatus status;
    private String sessionId;
    private Instant wentLiveAt;
    private String recordedSessionId;
    private long viewers;
    private long listeners;
    private LinkedHashSet<String> passProductIds = new LinkedHashSet<>();

    protected Stream() {}

    @CommandHandler
    public Stream(CreateStream cmd) {
        Instant now = GenericEventMessage.clock.instant();
        apply(new StreamCreated(cmd.streamId(), cmd.creatorId(), cmd.title(), cmd.category(), now));
        apply(new StreamScheduled(cmd.streamId(), cmd.details(), now));
        apply(new StreamKeyIssued(cmd.streamId(), cmd.ingestKeyHash(), 1, cmd.creatorId(), now));
    }

    @CommandHandler
    void handle(RotateStreamKey cmd) {
        assertRequestedByCreator(cmd.requestedBy());
        assertNotOver("rotate the key of");
        apply(new StreamKeyIssued(
                streamId, cmd.ingestKeyHash(), keyVersion + 1, cmd.requestedBy(), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(MarkStreamLive cmd) {
        assertNotOver("go live on");
        Instant now = GenericEventMessage.clock.instant();
        switch (status) {
            case SCHEDULED -> apply(new StreamWentLive(streamId, cmd.ingestSessionId(), cmd.protocol(), now));
            case PAUSED -> {
                if (cmd.ingestSessionId().equals(sessionId)) {
                    apply(new StreamResumed(streamId, sessionId, now));
                } else { // the grace period ran out on the worker but its end report is late: a new session
                    apply(new StreamWentLive(streamId, cmd.ingestSessionId(), cmd.protocol(), now));
                }
            }
            case LIVE -> assertSameSession(cmd.ingestSessionId()); // a retried report: already true
            case ENDED, TAKEN_DOWN -> throw new IllegalStateException("guarded by assertNotOver");
        }
    }

    @CommandHandler
    void handle(MarkIngestLost cmd) {
        if (status == StreamStatus.PAUSED && cmd.ingestSessionId().equals(sessionId)) {
            return; // retried report
        }
        if (status != StreamStatus.LIVE) {
            throw conflict("only a live stream can lose its ingest; it is " + status);
        }
        assertSameSession(cmd.ingestSessionId());
        apply(new StreamPaused(streamId, sessionId, GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(EndStream cmd) {
        if ((status == StreamStatus.ENDED || status == StreamStatus.TAKEN_DOWN)
                && cmd.ingestSessionId().equals(sessionId)) {
            return; // retried report, or the worker reporting the end of a session a takedown already cut
        }
        if (status != StreamStatus.LIVE && status != StreamStatus.PAUSED) {
            throw conflict("only a live or paused stream can end; it is " + status);
        }
        assertSameSession(cmd.ingestSessionId());
        Instant now = GenericEventMessage.clock.instant();
        long liveMs = Math.max(0, now.toEpochMilli() - wentLiveAt.toEpochMilli());
        apply(new StreamEnded(streamId, sessionId, liveMs, now));
    }

    @CommandHandler
    void handle(RecordRecordingReady cmd) {
        if (cmd.ingestSessionId().equals(recordedSessionId)) {
            return; // retried report
        }
        if (status != StreamStatus.ENDED || !cmd.ingestSessionId().equals(sessionId)) {
            throw conflict("a recording is ready only after its session ended; the stream is " + status);
        }
        if (!details.recordingEnabled()) {
            throw new LedgerRejection(Reason.NOT_ALLOWED, "recording is disabled for this stream");
        }
        apply(new RecordingReady(
                streamId, sessionId, cmd.durationMs(), cmd.mp4Available(), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(RecordAudience cmd) {
        if (status != StreamStatus.LIVE && status != StreamStatus.PAUSED) {
            throw conflict("audience is counted only while live; the stream is " + status);
        }
        if (cmd.viewers() == viewers && cmd.listeners() == listeners) {
            return; // unchanged: nothing new to record
        }
        apply(new AudienceMeasured(streamId, cmd.viewers(), cmd.listeners(), GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(TakeDownStream cmd) {
        if (!TAKEDOWN_ROLES.contains(cmd.actorRole())) {
            throw new LedgerRejection(Reason.NOT_ALLOWED, "only moderators and admins take streams down");
        }
        if (status == StreamStatus.TAKEN_DOWN) {
            throw conflict("the stream is already taken down");
        }
        apply(new StreamTakenDown(
                streamId, cmd.actorId(), cmd.actorRole(), cmd.reason(), status, GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    void handle(AcceptPass cmd) {
        assertRequestedByCreator(cmd.requestedBy());
        if (status == StreamStatus.TAKEN_DOWN) {
            throw new LedgerRejection(
                    Reason.NOT_ALLOWED, "cannot accept passes on a stream that is " + status, Map.of("status", status));
        }
        assertPassOfCreator(cmd);
        if (passProductIds.contains(cmd.productId())) {
            return; // already accepted
        }
        assertRoomForAnotherPass();
        apply(new PassAccepted(streamId, cmd.productId(), cmd.passKind(), GenericEventMessage.clock.instant()));
    }

    /**
     * The connect-time decision for a publisher's key: accepted only for the current key of a stream that can
     * still go live. Compared in constant time.
     */
    public IngestDecision authorizeIngest(String presentedKeyHash) {
        boolean keyMatches = MessageDigest.isEqual(
                keyHash.getBytes(StandardCharsets.US_ASCII),
                String.valueOf(presentedKeyHash).getBytes(StandardCharsets.US_ASCII));
        if (!keyMatches) {
            return new IngestDecision(false, "unknown or revoked key", status, sessionId);
        }
        if (!status.acceptsIngest()) {
            return new IngestDecision(false, "the stream is " + status, status, sessionId);
        }
        return new IngestDecision(true, "ok", status, sessionId);
    }

    /** @param currentSessionId the live or paused session a reconnect may continue, or null */
    public record IngestDecision(boolean accepted, String reason, StreamStatus status, String currentSessionId) {}

    private void assertRequestedByCreator(UserId requestedBy) {
        if (!creatorId.equals(requestedBy)) {
            throw new LedgerRejection(Reason.NOT_ALLOWED, "only the stream's creator can do this");
        }
    }

    private void assertPassOfCreator(AcceptPass cmd) {
        if (!creatorId.equals(cmd.productCreatorId())) {
            throw new LedgerRejection(
                    Reason.NOT_ALLOWED,
                    "a stream accepts only its creator's own products",
                    Map.of("field", "product_id"));
        }
        if (cmd.passKind() != ProductKind.TICKET && cmd.passKind() != ProductKind.ACCESS_PASS) {
            throw new LedgerRejection(
                    Reason.NOT_ALLOWED,
                    "only tickets and access passes admit viewers to a stream, not " + cmd.passKind(),
                    Map.of("field", "product_id", "kind", cmd.passKind()));
        }
    }

    private void assertRoomForAnotherPass() {
        if (passProductIds.size() >= StreamCommands.MAX_PASSES_PER_STREAM) {
            throw new LedgerRejection(
                    Reason.LIMIT_EXCEEDED,
                    "a stream accepts at most " + StreamCommands.MAX_PASSES_PER_STREAM + " passes",
                    Map.of("limit", StreamCommands.MAX_PASSES_PER_STREAM));
        }
    }

    private void assertNotOver(String action) {
        if (status == StreamStatus.ENDED || status == StreamStatus.TAKEN_DOWN) {
            throw new LedgerRejection(
                    Reason.NOT_ALLOWED, "cannot " + action + " a stream that is " + status, Map.of("status", status));
        }
    }

    private void assertSameSession(String ingestSessionId) {
        if (!ingestSessionId.equals(sessionId)) {
            throw conflict("the stream is live with another ingest session");
        }
    }

    private LedgerRejection conflict(String message) {
        return new LedgerRejection(Reason.CONFLICTING_STATE, message, Map.of("status", status));
    }

    @EventSourcingHandler
    void on(StreamCreated e) {
        streamId = e.streamId();
        creatorId = e.creatorId();
        category = e.category();
        status = StreamStatus.SCHEDULED;
        details = StreamDetails.defaults();
    }

    @EventSourcingHandler
    void on(StreamScheduled e) {
        details = e.details();
    }

    @EventSourcingHandler
    void on(StreamKeyIssued e) {
        keyHash = e.keyHash();
        keyVersion = e.keyVersion();
    }

    @EventSourcingHandler
    void on(StreamWentLive e) {
        status = StreamStatus.LIVE;
        sessionId = e.ingestSessionId();
        wentLiveAt = e.occurredAt();
    }

    @EventSourcingHandler
    void on(StreamPaused e) {
        status = StreamStatus.PAUSED;
    }

    @EventSourcingHandler
    void on(StreamResumed e) {
        status = StreamStatus.LIVE;
    }

    @EventSourcingHandler
    void on(StreamEnded e) {
        status = StreamStatus.ENDED;
        viewers = 0;
        listeners = 0;
    }

    @EventSourcingHandler
    void on(RecordingReady e) {
        recordedSessionId = e.ingestSessionId();
    }

    @EventSourcingHandler
    void on(AudienceMeasured e) {
        viewers = e.viewers();
        listeners = e.listeners();
    }

    @EventSourcingHandler
    void on(StreamTakenDown e) {
        status = StreamStatus.TAKEN_DOWN;
    }

    @EventSourcingHandler
    void on(PassAccepted e) {
        passProductIds.add(e.productId());
    }

    public String streamId() {
        return streamId;
    }

    public UserId creatorId() {
        return creatorId;
    }

    public String category() {
        return category;
    }

    public StreamStatus status() {
        return status;
    }

    public StreamDetails details() {
        return details;
    }

    /** The tickets and access passes whose holders may watch, in the order they were accepted. */
    public List<String> passProductIds() {
        return List.copyOf(passProductIds);
    }

    public int keyVersion() {
        return keyVersion;
    }

    /** When the current (or last) session went live, or null before the first. */
    public Instant wentLiveAt() {
        return wentLiveAt;
    }

    /** Concurrent viewers the worker last reported (0 once ended). */
    public long viewers() {
        return viewers;
    }

    /** Concurrent audio-relay listeners the worker last reported (0 once ended). */
    public long listeners() {
        return listeners;
    }

    /** The live or paused ingest session (or the last one), or null before the first. */
    public String sessionId() {
        return sessionId;
    }
}
