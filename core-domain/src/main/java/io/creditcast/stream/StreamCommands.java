package io.creditcast.stream;

import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.ProductKind;
import java.util.Objects;
import java.util.regex.Pattern;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stream lifecycle commands. The creator creates and re-keys a stream; the media worker reports what ingest did
 * (went live, lost, ended, recording ready, audience); moderators and admins take streams down.
 */
public final class StreamCommands {
    private StreamCommands() {}

    public static final int MAX_TITLE_CHARS = 140;
    public static final int MAX_TAKEDOWN_REASON_CHARS = 500;
    /** Largest concurrent audience a single report may claim. */
    public static final long MAX_AUDIENCE = 10_000_000;
    /** Longest recording a report may claim (7 days). */
    public static final long MAX_RECORDING_DURATION_MS = 7L * 24 * 3600 * 1000;
    /** Tickets and access passes one stream accepts. */
    public static final int MAX_PASSES_PER_STREAM = 16;

    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9-]{1,40}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public record CreateStream(
            @TargetAggregateIdentifier String streamId,
            UserId creatorId,
            String title,
            String category,
            StreamDetails details,
            String ingestKeyHash) {
        public CreateStream {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(title, "title");
            if (title.isBlank() || title.length() > MAX_TITLE_CHARS) {
                throw new IllegalArgumentException("title must be 1-" + MAX_TITLE_CHARS + " characters");
            }
            Objects.requireNonNull(category, "category");
            if (!CATEGORY.matcher(category).matches()) {
                throw new IllegalArgumentException("category must be 1-40 of [a-z0-9-]");
            }
            details = details == null ? StreamDetails.defaults() : details;
            requireHash(ingestKeyHash);
        }
    }

    /** Replaces the ingest key; the old one is refused from now on. */
    public record RotateStreamKey(
            @TargetAggregateIdentifier String streamId, UserId requestedBy, String ingestKeyHash) {
        public RotateStreamKey {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(requestedBy, "requestedBy");
            requireHash(ingestKeyHash);
        }
    }

    /** The media worker accepted a publisher; a reconnect of the same session resumes a paused stream. */
    public record MarkStreamLive(
            @TargetAggregateIdentifier String streamId, String ingestSessionId, IngestProtocol protocol) {
        public MarkStreamLive {
            Objects.requireNonNull(streamId, "streamId");
            requireSession(ingestSessionId);
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /** The publisher disconnected; the session waits out its grace period. */
    public record MarkIngestLost(@TargetAggregateIdentifier String streamId, String ingestSessionId) {
        public MarkIngestLost {
            Objects.requireNonNull(streamId, "streamId");
            requireSession(ingestSessionId);
        }
    }

    /** The session is over (publisher stopped and the grace period passed, or the worker stopped it). */
    public record EndStream(@TargetAggregateIdentifier String streamId, String ingestSessionId) {
        public EndStream {
            Objects.requireNonNull(streamId, "streamId");
            requireSession(ingestSessionId);
        }
    }

    /** The live HLS of a session was kept as a VOD. */
    public record RecordRecordingReady(
            @TargetAggregateIdentifier String streamId, String ingestSessionId, long durationMs, boolean mp4Available) {
        public RecordRecordingReady {
            Objects.requireNonNull(streamId, "streamId");
            requireSession(ingestSessionId);
            if (durationMs < 0 || durationMs > MAX_RECORDING_DURATION_MS) {
                throw new IllegalArgumentException("durationMs must be 0.." + MAX_RECORDING_DURATION_MS);
            }
        }
    }

    /** Concurrent viewers (HLS) and listeners (audio relay) the worker counted. */
    public record RecordAudience(@TargetAggregateIdentifier String streamId, long viewers, long listeners) {
        public RecordAudience {
            Objects.requireNonNull(streamId, "streamId");
            if (viewers < 0 || viewers > MAX_AUDIENCE || listeners < 0 || listeners > MAX_AUDIENCE) {
                throw new IllegalArgumentException("viewers and listeners must be 0.." + MAX_AUDIENCE);
            }
        }
    }

    /** A moderator or admin removes the stream: ingest is cut and playback stops. */
    public record TakeDownStream(
            @TargetAggregateIdentifier String streamId, UserId actorId, String actorRole, String reason) {
        public TakeDownStream {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(actorId, "actorId");
            Objects.requireNonNull(actorRole, "actorRole");
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank() || reason.length() > MAX_TAKEDOWN_REASON_CHARS) {
                throw new IllegalArgumentException("reason must be 1-" + MAX_TAKEDOWN_REASON_CHARS + " characters");
            }
        }
    }

    /**
     * The creator lets holders of one of their tickets or access passes watch the stream (a ticketed stream admits
     * only them). The HTTP edge reads the product and passes what it found; the stream checks it is the creator's.
     *
     * @param productCreatorId the creator who sells the product
     * @param passKind whether the product is a ticket or an access pass (subscription periods are refused)
     */
    public record AcceptPass(
            @TargetAggregateIdentifier String streamId,
            UserId requestedBy,
            String productId,
            UserId productCreatorId,
            ProductKind passKind) {
        public AcceptPass {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(requestedBy, "requestedBy");
            Objects.requireNonNull(productId, "productId");
            if (productId.isBlank() || productId.length() > 64) {
                throw new IllegalArgumentException("productId must be 1-64 characters");
            }
            Objects.requireNonNull(productCreatorId, "productCreatorId");
            Objects.requireNonNull(passKind, "passKind");
        }
    }

    private static void requireHash(String hash) {
        Objects.requireNonNull(hash, "ingestKeyHash");
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("ingestKeyHash must be a lower-case hex SHA-256");
        }
    }

    private static void requireSession(String sessionId) {
        Objects.requireNonNull(sessionId, "ingestSessionId");
        if (!SESSION.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("ingestSessionId must be 1-64 of [A-Za-z0-9-]");
        }
    }
}
