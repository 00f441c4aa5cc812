package io.creditcast.media.relay;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code GET /api/v1/streams/{id}/status} returns while the relay is connected (and {@code POST .../relay}
 * once it started).
 *
 * @param currentTrack the source's latest ICY {@code StreamTitle}, null when it sent none
 * @param bitrateKbps the source's bitrate ({@code icy-br}, else read from its MP3 frames), null while unknown
 * @param listeners MP3 listeners now plus HLS listeners seen within the audience window
 * @param uptimeS seconds since the relay started
 * @param connected whether audio is flowing from the source
 * @param hlsUrl the relayed HLS master playlist (add {@code ?token=} unless the stream is public)
 * @param mp3Url the continuous MP3 stream (same token rule)
 */
public record RelayStatusView(
        @JsonProperty("stream_id") String streamId,
        @JsonProperty("current_track") String currentTrack,
        @JsonProperty("station_name") String stationName,
        @JsonProperty("bitrate_kbps") Integer bitrateKbps,
        @JsonProperty("listeners") long listeners,
        @JsonProperty("uptime_s") long uptimeS,
        @JsonProperty("connected") boolean connected,
        @JsonProperty("hls_url") String hlsUrl,
        @JsonProperty("mp3_url") String mp3Url) {

    static RelayStatusView of(Relay relay) {
        String title = relay.title();
        return new RelayStatusView(
                relay.streamId(),
                title.isEmpty() ? null : title,
                relay.stationName().isEmpty() ? null : relay.stationName(),
                relay.bitrateKbps().isPresent() ? relay.bitrateKbps().getAsInt() : null,
                relay.listeners(),
                relay.uptime().toSeconds(),
                relay.connected(),
                "/relay/" + relay.streamId() + "/master.m3u8",
                "/relay/" + relay.streamId() + "/" + RelayController.MP3_FILE);
    }
}
