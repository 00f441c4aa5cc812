package io.creditcast.ledger.wallet;

import java.time.Instant;
import java.util.Objects;

/**
 * When metering on a stream stops: the moment it ended and the moment it was taken down, as committed by the
 * stream's own events. The {@link Wallet} asks this at every ping (and when a session starts), inside the
 * command's transaction, so a takedown that committed before the ping's check is always seen. The command
 * service answers it from a table written in the same transaction as {@code StreamEnded} and
 * {@code StreamTakenDown}; tests pass a fixed answer.
 *
 * <p>It lives with the wallet (not the stream) because it is the wallet's question, and so that the stream
 * package, which already depends on the ledger, does not form a cycle with it.
 */
@FunctionalInterface
public interface MeteringStops {
    /** Never null: {@link Stop#NONE} for a stream that is neither ended nor taken down (or unknown). */
    Stop of(String streamId);

    /** A stream that never stops: for tests and tools that do not model streams. */
    MeteringStops NEVER = streamId -> Stop.NONE;

    /**
     * @param endedAt when the stream's live session ended, or null
     * @param takenDownAt when a moderator or admin took it down, or null
     */
    record Stop(Instant endedAt, Instant takenDownAt) {
        public static final Stop NONE = new Stop(null, null);

        public static Stop ended(Instant at) {
            return new Stop(Objects.requireNonNull(at), null);
        }

        public static Stop takenDown(Instant at) {
            return new Stop(null, Objects.requireNonNull(at));
        }

        public boolean isTakenDown() {
            return takenDownAt != null;
        }

        public boolean isEnded() {
            return endedAt != null;
        }
    }
}
