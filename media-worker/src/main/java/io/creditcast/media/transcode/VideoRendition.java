package io.creditcast.media.transcode;

import java.util.regex.Pattern;

/**
 * One H.264 rung of the ladder; the width follows the source's aspect ratio (rounded to an even number).
 *
 * @param name directory and playlist name of the variant ({@code 720p}); lower case letters, digits, - and _
 * @param heightPx output height in pixels, even
 * @param bitrateKbps target video bitrate
 * @param maxrateKbps VBV peak bitrate, at least {@code bitrateKbps}
 * @param bufsizeKbps VBV buffer size
 */
public record VideoRendition(String name, int heightPx, int bitrateKbps, int maxrateKbps, int bufsizeKbps) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    public static final int MAX_HEIGHT_PX = 4320;
    public static final int MAX_BITRATE_KBPS = 100_000;

    public VideoRendition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rendition name must match " + NAME + ": " + name);
        }
        if (heightPx < 2 || heightPx > MAX_HEIGHT_PX || heightPx % 2 != 0) {
            throw new IllegalArgumentException("heightPx must be even and 2.." + MAX_HEIGHT_PX + ": " + heightPx);
        }
        if (bitrateKbps < 1 || bitrateKbps > MAX_BITRATE_KBPS) {
            throw new IllegalArgumentException("bitrateKbps must be 1.." + MAX_BITRATE_KBPS + ": " + bitrateKbps);
        }
        if (maxrateKbps < bitrateKbps || maxrateKbps > MAX_BITRATE_KBPS) {
            throw new IllegalArgumentException(
                    "maxrateKbps must be bitrateKbps.." + MAX_BITRATE_KBPS + ": " + maxrateKbps);
        }
        if (bufsizeKbps < 1 || bufsizeKbps > 2 * MAX_BITRATE_KBPS) {
            throw new IllegalArgumentException("bufsizeKbps out of range: " + bufsizeKbps);
        }
    }
}
