package io.creditcast.media.transcode;

/** How the HLS playlists grow. */
public enum PlaylistMode {
    /**
     * A sliding window of {@link Ladder#liveWindowSegments()} segments; older segments are deleted; media
     * sequence numbers start from the epoch second so a restarted encoder never reuses them.
     */
    LIVE,
    /**
     * Every segment is kept ({@code -hls_playlist_type event}): the playlist is playable while it is written
     * and gets {@code #EXT-X-ENDLIST} when the input ends. Used for recordings and uploads.
     */
    VOD,
    /**
     * A live stream that is also recorded: like {@link #VOD} (every segment kept, {@code event} playlist), plus
     * {@code append_list} so an encoder restarted after a crash continues the same playlists and numbering
     * instead of overwriting them.
     */
    LIVE_RECORDED
}
