package io.creditcast.media.ingest;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which source feeds each stream on this worker: an ingest session (RTMP or SRT publisher) or an audio relay, never
 * both. {@link LiveSessions} claims a stream for {@link Kind#INGEST} when it opens a session and releases it when the
 * session is gone; the relay claims it for {@link Kind#RELAY} before it connects to its source. The claim is taken
 * before anything starts, so a relay on a stream that is live here, or a publisher on a relayed stream, is refused
 * even before the command side has heard of the other source. Holds at most one entry per live session or relay,
 * both of which are bounded ({@code max-live-streams}, {@code max-relays}).
 */
public final class StreamSources {
    /** What feeds a stream. */
    public enum Kind {
        INGEST,
        RELAY
    }

    /**
     * Relay sessions on the command side are named {@code relay-<hex>} (see the relay package), a name no ingest
     * session has (those are UUIDs); so a stream whose current session starts with this is fed by a relay, whichever
     * worker runs it.
     */
    public static final String RELAY_SESSION_PREFIX = "relay-";

    private final ConcurrentHashMap<String, Kind> holders = new ConcurrentHashMap<>();

    /**
     * Claims {@code streamId} for {@code kind}.
     *
     * @return empty when the claim is taken now, else the kind already holding the stream (possibly {@code kind}
     *     itself)
     */
    public Optional<Kind> claim(String streamId, Kind kind) {
        return Optional.ofNullable(holders.putIfAbsent(streamId, kind));
    }

    /** Gives up a claim of {@code kind} (a claim of the other kind is left alone). */
    public void release(String streamId, Kind kind) {
        holders.remove(streamId, kind);
    }

    public Optional<Kind> holder(String streamId) {
        return Optional.ofNullable(holders.get(streamId));
    }

    /** Whether the command side's session id names a relay's session. */
    public static boolean isRelaySession(String ingestSessionId) {
        return ingestSessionId != null && ingestSessionId.startsWith(RELAY_SESSION_PREFIX);
    }
}
