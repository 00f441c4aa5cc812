package io.creditcast.media.transcode;

/**
 * The AAC audio of the ladder: one audio-only playlist shared by every video variant (an HLS audio group).
 *
 * @param name directory and playlist name ({@code audio})
 * @param bitrateKbps AAC bitrate
 * @param sampleRateHz output sample rate
 * @param channels output channel count (1 or 2)
 */
public record AudioRendition(String name, int bitrateKbps, int sampleRateHz, int channels) {

    public AudioRendition {
        if (name == null || !VideoRendition.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rendition name must match " + VideoRendition.NAME + ": " + name);
        }
        if (bitrateKbps < 8 || bitrateKbps > 512) {
            throw new IllegalArgumentException("bitrateKbps must be 8..512: " + bitrateKbps);
        }
        if (sampleRateHz != 44_100 && sampleRateHz != 48_000) {
            throw new IllegalArgumentException("sampleRateHz must be 44100 or 48000: " + sampleRateHz);
        }
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
        }
    }
}
