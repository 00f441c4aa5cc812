package io.creditcast.media.transcode;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The adaptive-bitrate ladder and its HLS timing.
 *
 * @param video video rungs, highest first (may be empty for audio-only ladders)
 * @param audio the shared AAC rendition, if any
 * @param x264Preset x264 speed preset ({@code veryfast} by default)
 * @param segmentDurationS target segment length; a keyframe is forced at every multiple of it
 * @param liveWindowSegments how many segments a live playlist lists (older ones are deleted)
 */
public record Ladder(
        List<VideoRendition> video,
        Optional<AudioRendition> audio,
        String x264Preset,
        int segmentDurationS,
        int liveWindowSegments) {

    public static final int MAX_VIDEO_RENDITIONS = 8;
    public static final int MAX_SEGMENT_DURATION_S = 30;
    public static final int MAX_LIVE_WINDOW_SEGMENTS = 100;
    private static final Set<String> X264_PRESETS =
            Set.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow");

    public Ladder {
        video = video.stream()
                .sorted(Comparator.comparingInt(VideoRendition::heightPx).reversed())
                .toList();
        if (video.size() > MAX_VIDEO_RENDITIONS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_VIDEO_RENDITIONS + " video renditions: " + video.size());
        }
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalArgumentException("a ladder needs at least one rendition");
        }
        Set<String> names = new HashSet<>();
        video.forEach(v -> requireUnique(names, v.name()));
        audio.ifPresent(a -> requireUnique(names, a.name()));
        if (!X264_PRESETS.contains(x264Preset)) {
            throw new IllegalArgumentException("unknown x264 preset: " + x264Preset);
        }
        if (segmentDurationS < 1 || segmentDurationS > MAX_SEGMENT_DURATION_S) {
            throw new IllegalArgumentException(
                    "segmentDurationS must be 1.." + MAX_SEGMENT_DURATION_S + ": " + segmentDurationS);
        }
        if (liveWindowSegments < 2 || liveWindowSegments > MAX_LIVE_WINDOW_SEGMENTS) {
            throw new IllegalArgumentException(
                    "liveWindowSegments must be 2.." + MAX_LIVE_WINDOW_SEGMENTS + ": " + liveWindowSegments);
        }
    }

    /** 720p / 480p / 360p H.264 (x264 veryfast) + 128 kb/s AAC, 2 s segments, a 6-segment live window. */
    public static Ladder defaults() {
        return new Ladder(
                List.of(
                        new VideoRendition("720p", 720, 2800, 2996, 4200),
                        new VideoRendition("480p", 480, 1400, 1498, 2100),
                        new VideoRendition("360p", 360, 800, 856, 1200)),
                Optional.of(new AudioRendition("audio", 128, 48_000, 2)),
                "veryfast",
                2,
                6);
    }

    public Ladder withVideo(List<VideoRendition> renditions) {
        return new Ladder(renditions, audio, x264Preset, segmentDurationS, liveWindowSegments);
    }

    public Ladder withAudio(Optional<AudioRendition> rendition) {
        return new Ladder(video, rendition, x264Preset, segmentDurationS, liveWindowSegments);
    }

    private static void requireUnique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate rendition name: " + name);
        }
    }
}
