package io.creditcast.command.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where creators point their encoders ({@code creditcast.streams.ingest.*}). The stream key is the last path
 * segment of the RTMP URL (OBS: server = {@code rtmpUrl}, stream key = the key) and the {@code streamid} of the SRT
 * URL.
 *
 * @param rtmpUrl the media worker's RTMP application URL (default {@code rtmp://localhost:1935/live})
 * @param srtUrl the media worker's SRT URL without the stream id (default {@code srt://localhost:9000})
 */
@ConfigurationProperties("creditcast.streams.ingest")
public record StreamIngestProperties(
        @DefaultValue("rtmp://localhost:1935/live") String rtmpUrl,
        @DefaultValue("srt://localhost:9000") String srtUrl) {}
