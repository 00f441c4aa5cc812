package io.creditcast.media.relay;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Icecast/Shoutcast audio relay ({@code creditcast.media.relay.*}).
 *
 * @param relayDir where each relay writes its HLS window ({@code <relayDir>/<streamId>/}); deleted when it stops
 * @param allowPrivateSources accept source URLs that resolve to loopback, private, link-local or other
 *     non-public addresses; {@code false} (the default) in production, {@code true} only in tests and local runs
 * @param maxRelays relays running at once on this worker (each also needs a transcode slot)
 * @param maxSourceUrlChars longest accepted source URL
 * @param connectTimeout TCP (and TLS) connect timeout towards the source
 * @param responseTimeout how long the source may take to answer with its headers (the reachability check)
 * @param readTimeout a source that sends nothing for this long counts as gone
 * @param reconnectAttempts how often a lost source is reconnected (doubling backoff from 1 s) before the relay
 *     stops for good
 * @param segmentDurationS HLS segment length
 * @param windowSegments segments listed by the live playlist (older ones are deleted)
 * @param aacBitrateKbps bitrate of the HLS AAC rendition
 * @param mp3BitrateKbps bitrate of the continuous MP3 endpoint
 * @param maxListenersPerRelay MP3 listeners per relay; one more is refused with 503
 * @param listenerBufferChunks MP3 chunks buffered per listener; a listener this far behind is disconnected
 * @param registrationDir where the running relays are registered ({@code <streamId>.json}), so a restarted worker
 *     resumes them; must survive restarts (the worker's media volume)
 */
@ConfigurationProperties("creditcast.media.relay")
public record RelayProperties(
        @DefaultValue(".data/media/relay") Path relayDir,
        @DefaultValue("false") boolean allowPrivateSources,
        @DefaultValue("4") int maxRelays,
        @DefaultValue("2048") int maxSourceUrlChars,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("5s") Duration responseTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("5") int reconnectAttempts,
        @DefaultValue("6") int segmentDurationS,
        @DefaultValue("3") int windowSegments,
        @DefaultValue("128") int aacBitrateKbps,
        @DefaultValue("128") int mp3BitrateKbps,
        @DefaultValue("100") int maxListenersPerRelay,
        @DefaultValue("64") int listenerBufferChunks,
        @DefaultValue(".data/media/relay-registrations") Path registrationDir) {

    public RelayProperties {
        if (maxRelays < 1 || maxRelays > 64) {
            throw new IllegalArgumentException("max-relays must be 1..64: " + maxRelays);
        }
        if (maxSourceUrlChars < 16 || maxSourceUrlChars > 8192) {
            throw new IllegalArgumentException("max-source-url-chars must be 16..8192: " + maxSourceUrlChars);
        }
        if (reconnectAttempts < 0 || reconnectAttempts > 100) {
            throw new IllegalArgumentException("reconnect-attempts must be 0..100: " + reconnectAttempts);
        }
        if (maxListenersPerRelay < 1 || maxListenersPerRelay > 10_000) {
            throw new IllegalArgumentException("max-listeners-per-relay must be 1..10000: " + maxListenersPerRelay);
        }
        if (listenerBufferChunks < 1 || listenerBufferChunks > 4096) {
            throw new IllegalArgumentException("listener-buffer-chunks must be 1..4096: " + listenerBufferChunks);
        }
    }
}
