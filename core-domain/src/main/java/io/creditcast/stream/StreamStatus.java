package io.creditcast.stream;

/**
 * Where a stream is in its life: {@code SCHEDULED → LIVE ⇄ PAUSED → ENDED}, and {@code TAKEN_DOWN} from any
 * state before {@code ENDED}. Only media facts (ingest connected, lost, ended) move it between the first four.
 */
public enum StreamStatus {
    SCHEDULED,
    LIVE,
    /** Ingest was lost; a reconnect within the grace period continues the same session. */
    PAUSED,
    ENDED,
    TAKEN_DOWN;

    /** Whether a publisher with a valid key may (re)connect. */
    public boolean acceptsIngest() {
        return this == SCHEDULED || this == LIVE || this == PAUSED;
    }
}
