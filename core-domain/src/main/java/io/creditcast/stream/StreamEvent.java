package io.creditcast.stream;

import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.ProductKind;
import java.time.Instant;

/** Facts about a stream. */
public sealed interface StreamEvent {
    String streamId();

    /** A fact that a creator created a stream in a category. */
    record StreamCreated(String streamId, UserId creatorId, String title, String category, Instant occurredAt)
            implements StreamEvent {}

    /** A fact that a stream was announced with these details and access policy. */
    record StreamScheduled(String streamId, StreamDetails details, Instant occurredAt) implements StreamEvent {}

    /**
     * A fact that a new ingest key was issued (version 1 at creation); every earlier key is revoked. Only the
     * key's SHA-256 is recorded.
     */
    record StreamKeyIssued(String streamId, String keyHash, int keyVersion, UserId issuedBy, Instant occurredAt)
            implements StreamEvent {}

    /** A fact that the media worker accepted a publisher and the stream is live. */
    record StreamWentLive(String streamId, String ingestSessionId, IngestProtocol protocol, Instant occurredAt)
            implements StreamEvent {}

    /** A fact that ingest was lost; the session may resume within the worker's grace period. */
    record StreamPaused(String streamId, String ingestSessionId, Instant occurredAt) implements StreamEvent {}

    /** A fact that the publisher of a paused session reconnected in time and the stream is live again. */
    record StreamResumed(String streamId, String ingestSessionId, Instant occurredAt) implements StreamEvent {}

    /** A fact that a live session ended; the stream cannot go live again. */
    record StreamEnded(String streamId, String ingestSessionId, long liveDurationMs, Instant occurredAt)
            implements StreamEvent {}

    /** A fact that a session's recording is available as a VOD, with its duration. */
    record RecordingReady(
            String streamId, String ingestSessionId, long durationMs, boolean mp4Available, Instant occurredAt)
            implements StreamEvent {}

    /** A fact that holders of this ticket or access pass (a product of the stream's creator) may watch the stream. */
    record PassAccepted(String streamId, String productId, ProductKind passKind, Instant occurredAt)
            implements StreamEvent {}

    /** A fact that the worker counted this many concurrent viewers and listeners. */
    record AudienceMeasured(String streamId, long viewers, long listeners, Instant occurredAt) implements StreamEvent {}

    /** A fact that a moderator or admin took the stream down, with who, in which role, why, and from which state. */
    record StreamTakenDown(
            String streamId,
            UserId actorId,
            String actorRole,
            String reason,
            StreamStatus statusBefore,
            Instant occurredAt)
            implements StreamEvent {}
}
