package io.creditcast.media.ingest;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live ingest ({@code creditcast.media.ingest.*}).
 *
 * @param liveDir where each session writes {@code <streamId>/<sessionId>/hls/} and {@code thumbnail.jpg}
 * @param reconnectGrace a publisher that reconnects within this time continues the same session (default 10 s)
 * @param maxLiveStreams live sessions at once on this worker, past which publishers are refused (default 8); each
 *     also needs a free transcode slot ({@code creditcast.media.transcode.max-concurrent-jobs})
 * @param takedownPollInterval how often each live stream's status is read to cut it after a takedown (2 s)
 * @param endTimeout how long FFmpeg may take to finish its outputs after the input ended (default 15 s)
 * @param thumbnailIntervalS a new {@code thumbnail.jpg} every this many seconds while live (default 10)
 * @param thumbnailHeightPx thumbnail height (default 180)
 * @param recordingMp4 also remux each finished recording into {@code recording.mp4} (stream copy; default off)
 * @param recordingMp4Timeout bound on that remux; past it the recording is reported without MP4 (default 10 min)
 */
@ConfigurationProperties("creditcast.media.ingest")
public record IngestProperties(
        @DefaultValue("${CREDITCAST_MEDIA_DIR:.data/media}/live") Path liveDir,
        @DefaultValue("10s") Duration reconnectGrace,
        @DefaultValue("8") int maxLiveStreams,
        @DefaultValue("2s") Duration takedownPollInterval,
        @DefaultValue("15s") Duration endTimeout,
        @DefaultValue("10") int thumbnailIntervalS,
        @DefaultValue("180") int thumbnailHeightPx,
        @DefaultValue("false") boolean recordingMp4,
        @DefaultValue("10m") Duration recordingMp4Timeout,
        @DefaultValue Rtmp rtmp) {

    public IngestProperties {
        if (maxLiveStreams < 1 || maxLiveStreams > 256) {
            throw new IllegalArgumentException("max-live-streams must be 1..256: " + maxLiveStreams);
        }
        if (thumbnailIntervalS < 1 || thumbnailIntervalS > 600) {
            throw new IllegalArgumentException("thumbnail-interval-s must be 1..600");
        }
    }

    /**
     * The RTMP listener: one port for every stream; the stream key is the publish name.
     *
     * @param port TCP port (default 1935; 0 picks a free one)
     * @param application the only accepted application name ({@code rtmp://host:port/<application>/<key>})
     * @param maxConnections open connections at once; one more is closed at accept (default 64)
     * @param handshakeTimeout bound on the handshake and the first commands (default 5 s)
     * @param idleTimeout a connection that sends nothing for this long is dropped (default 15 s)
     */
    public record Rtmp(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.0.0.0") String bindAddress,
            @DefaultValue("1935") int port,
            @DefaultValue("live") String application,
            @DefaultValue("64") int maxConnections,
            @DefaultValue("5s") Duration handshakeTimeout,
            @DefaultValue("15s") Duration idleTimeout) {
        public Rtmp {
            if (maxConnections < 1 || maxConnections > 10_000) {
                throw new IllegalArgumentException("rtmp.max-connections must be 1..10000: " + maxConnections);
            }
        }
    }
}
