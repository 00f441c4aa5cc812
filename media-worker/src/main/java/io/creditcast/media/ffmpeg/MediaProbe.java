package io.creditcast.media.ffmpeg;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ffprobe} read from a file.
 *
 * @param formatName the demuxer's name list, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param durationUs container duration in microseconds, 0 when unknown (still images, raw streams)
 * @param streams the streams in file order
 */
public record MediaProbe(String formatName, long durationUs, List<Stream> streams) {

    /** One stream; {@code attachedPicture} marks cover art, which is not video. */
    public record Stream(
            int index, String codecType, String codecName, int widthPx, int heightPx, boolean attachedPicture) {

        public boolean isAudio() {
            return "audio".equals(codecType);
        }

        public boolean isVideo() {
            return "video".equals(codecType) && !attachedPicture;
        }
    }

    public MediaProbe {
        Objects.requireNonNull(formatName, "formatName");
        durationUs = Math.max(0, durationUs);
        streams = List.copyOf(streams);
    }

    public boolean hasAudio() {
        return streams.stream().anyMatch(Stream::isAudio);
    }

    public boolean hasVideo() {
        return streams.stream().anyMatch(Stream::isVideo);
    }

    /** Height of the first video stream. */
    public Optional<Integer> videoHeightPx() {
        return streams.stream()
                .filter(Stream::isVideo)
                .map(Stream::heightPx)
                .filter(h -> h > 0)
                .findFirst();
    }

    /** Audio or video with a known, positive duration: what uploads accept (a still image has no duration). */
    public boolean isTimedMedia() {
        return (hasAudio() || hasVideo()) && durationUs > 0;
    }
}
