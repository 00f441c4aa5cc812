package io.creditcast.media.command;

import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.util.Optional;

/** The worker's view of the command side's internal media API. Blocking; call it off event loops. */
public interface MediaCommandClient {

    /** Asks whether {@code streamKey} may publish now; fails closed (unreachable → refused). */
    IngestAuthorization authorize(String streamKey, IngestProtocol protocol) throws IngestRefusedException;

    /**
     * Reports a fact. {@link FactRejectedException} when the command side refused it for good (4xx), an
     * {@link IOException} when it may be retried.
     */
    void report(String streamId, MediaFact fact) throws IOException, FactRejectedException;

    /** The stream's status, or empty when it cannot be read right now. */
    Optional<StreamStatus> status(String streamId);

    /** The stream's access policy, or empty when it cannot be read right now (callers then assume protected). */
    default Optional<AccessPolicy> accessPolicy(String streamId) {
        return Optional.empty();
    }

    /** The stream's creator (a Keycloak subject), or empty when it cannot be read right now (callers then refuse). */
    default Optional<String> creatorId(String streamId) {
        return Optional.empty();
    }

    /**
     * The stream's current ingest session (live or paused; after the end, the last one), or empty when it has none
     * or it cannot be read right now (callers that need it then refuse).
     */
    default Optional<String> ingestSessionId(String streamId) {
        return Optional.empty();
    }

    class FactRejectedException extends Exception {
        public FactRejectedException(String message) {
            super(message, null, false, false);
        }
    }
}
