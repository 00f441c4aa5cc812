package io.creditcast.media.transcode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pure, immutable builder of the FFmpeg argv (without the program name) that turns one input into an
 * adaptive HLS ladder under {@code outputDir}:
 *
 * <pre>
 * outputDir/master.m3u8              master playlist (one variant per video rung, audio as a group)
 * outputDir/&lt;rendition&gt;/index.m3u8   media playlist per rendition
 * outputDir/&lt;rendition&gt;/segment_NNNNN.ts
 * </pre>
 *
 * <p>Each {@code with*} returns a new instance; {@link #toArgs()} has no side effects, so the argv for each
 * profile is pinned by golden files in the tests.
 *
 * @param input where FFmpeg reads from
 * @param outputDir the directory that receives the master playlist and one subdirectory per rendition
 * @param ladder renditions and timing
 * @param mode live window or VOD/recording
 * @param inputHasVideo whether the input has a video stream (false drops the video renditions)
 * @param inputHasAudio whether the input has an audio stream (false drops the audio rendition)
 * @param sourceHeightPx when known, video renditions taller than the source are dropped (the smallest rung
 *     is always kept)
 * @param mp3Output when present, the audio is also written as one MP3 file at this path
 * @param mp3BitrateKbps bitrate of that MP3
 */
public record HlsLadderArgs(
        InputSource input,
        Path outputDir,
        Ladder ladder,
        PlaylistMode mode,
        boolean inputHasVideo,
        boolean inputHasAudio,
        OptionalInt sourceHeightPx,
        Optional<Path> mp3Output,
        int mp3BitrateKbps) {

    public static final String MASTER_PLAYLIST = "master.m3u8";
    public static final String MEDIA_PLAYLIST = "index.m3u8";
    public static final String SEGMENT_PATTERN = "segment_%05d.ts";
    public static final String AUDIO_GROUP = "audio";
    public static final int DEFAULT_MP3_BITRATE_KBPS = 192;

    public HlsLadderArgs {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sourceHeightPx, "sourceHeightPx");
        Objects.requireNonNull(mp3Output, "mp3Output");
        if (!inputHasVideo && !inputHasAudio) {
            throw new IllegalArgumentException("the input must have video or audio");
        }
        if (mp3BitrateKbps < 32 || mp3BitrateKbps > 320) {
            throw new IllegalArgumentException("mp3BitrateKbps must be 32..320: " + mp3BitrateKbps);
        }
    }

    /** Default ladder, VOD mode, an input with video and audio. */
    public static HlsLadderArgs of(InputSource input, Path outputDir) {
        return new HlsLadderArgs(
                input,
                outputDir,
                Ladder.defaults(),
                PlaylistMode.VOD,
                true,
                true,
                OptionalInt.empty(),
                Optional.empty(),
                DEFAULT_MP3_BITRATE_KBPS);
    }

    public HlsLadderArgs withLadder(Ladder newLadder) {
        return new HlsLadderArgs(
                input,
                outputDir,
                newLadder,
                mode,
                inputHasVideo,
                inputHasAudio,
                sourceHeightPx,
                mp3Output,
                mp3BitrateKbps);
    }

    public HlsLadderArgs withMode(PlaylistMode newMode) {
        return new HlsLadderArgs(
                input,
                outputDir,
                ladder,
                newMode,
                inputHasVideo,
                inputHasAudio,
                sourceHeightPx,
                mp3Output,
                mp3BitrateKbps);
    }

    public HlsLadderArgs withInputStreams(boolean hasVideo, boolean hasAudio) {
        return new HlsLadderArgs(
                input, outputDir, ladder, mode, hasVideo, hasAudio, sourceHeightPx, mp3Output, mp3BitrateKbps);
    }

    public HlsLadderArgs withSourceHeightPx(int heightPx) {
        if (heightPx < 1) {
            throw new IllegalArgumentException("heightPx must be positive: " + heightPx);
        }
        return new HlsLadderArgs(
                input,
                outputDir,
                ladder,
                mode,
                inputHasVideo,
                inputHasAudio,
                OptionalInt.of(heightPx),
                mp3Output,
                mp3BitrateKbps);
    }

    public HlsLadderArgs withMp3Output(Path path, int bitrateKbps) {
        return new HlsLadderArgs(
                input,
                outputDir,
                ladder,
                mode,
                inputHasVideo,
                inputHasAudio,
                sourceHeightPx,
                Optional.of(path),
                bitrateKbps);
    }

    /** The video rungs actually encoded: none without input video, and none taller than the source. */
    public List<VideoRendition> effectiveVideo() {
        if (!inputHasVideo || ladder.video().isEmpty()) {
            return List.of();
        }
        if (sourceHeightPx.isEmpty()) {
            return ladder.video();
        }
        List<VideoRendition> fitting = ladder.video().stream()
                .filter(v -> v.heightPx() <= sourceHeightPx.getAsInt())
                .toList();
        return fitting.isEmpty() ? List.of(ladder.video().getLast()) : fitting;
    }

    /** The audio rendition actually encoded: none without input audio. */
    public Optional<AudioRendition> effectiveAudio() {
        return inputHasAudio ? ladder.audio() : Optional.empty();
    }

    public List<String> toArgs() {
        List<VideoRendition> video = effectiveVideo();
        Optional<AudioRendition> audio = effectiveAudio();
        if (video.isEmpty() && audio.isEmpty()) {
            throw new IllegalStateException("nothing to encode: the ladder has no rendition for this input");
        }
        if (mp3Output.isPresent() && !inputHasAudio) {
            throw new IllegalStateException("an MP3 output needs input audio");
        }
        List<String> args = new ArrayList<>(128);
        // -progress pipe:1 feeds FfmpegJob's progress parser; stdin stays open for a graceful 'q'
        args.addAll(List.of("-hide_banner", "-nostats", "-loglevel", "info", "-progress", "pipe:1", "-y"));
        args.addAll(input.args());

        for (int i = 0; i < video.size(); i++) {
            args.addAll(List.of("-map", input.videoMap()));
        }
        audio.ifPresent(a -> args.addAll(List.of("-map", input.audioMap())));

        if (!video.isEmpty()) {
            int keyframeIntervalS = ladder.segmentDurationS();
            args.addAll(List.of(
                    "-c:v", "libx264",
                    "-preset", ladder.x264Preset(),
                    "-pix_fmt", "yuv420p",
                    "-sc_threshold", "0",
                    "-force_key_frames", "expr:gte(t,n_forced*" + keyframeIntervalS + ")"));
            for (int i = 0; i < video.size(); i++) {
                VideoRendition v = video.get(i);
                args.addAll(List.of(
                        "-filter:v:" + i, "scale=-2:" + v.heightPx(),
                        "-b:v:" + i, v.bitrateKbps() + "k",
                        "-maxrate:v:" + i, v.maxrateKbps() + "k",
                        "-bufsize:v:" + i, v.bufsizeKbps() + "k"));
            }
        }
        audio.ifPresent(a -> args.addAll(List.of(
                "-c:a",
                "aac",
                "-b:a",
                a.bitrateKbps() + "k",
                "-ar",
                Integer.toString(a.sampleRateHz()),
                "-ac",
                Integer.toString(a.channels()))));

        args.addAll(List.of("-f", "hls", "-hls_time", Integer.toString(ladder.segmentDurationS())));
        switch (mode) {
            case LIVE ->
                args.addAll(List.of(
                        "-hls_list_size", Integer.toString(ladder.liveWindowSegments()),
                        "-hls_flags", "delete_segments+independent_segments+temp_file",
                        "-hls_start_number_source", "epoch"));
            case VOD ->
                args.addAll(List.of(
                        "-hls_playlist_type", "event",
                        "-hls_list_size", "0",
                        "-hls_flags", "independent_segments+temp_file"));
            case LIVE_RECORDED ->
                args.addAll(List.of(
                        "-hls_playlist_type", "event",
                        "-hls_list_size", "0",
                        "-hls_flags", "independent_segments+temp_file+append_list"));
        }
        args.addAll(List.of(
                "-hls_segment_type",
                "mpegts",
                "-hls_segment_filename",
                outputDir.resolve("%v").resolve(SEGMENT_PATTERN).toString(),
                "-master_pl_name",
                MASTER_PLAYLIST,
                "-var_stream_map",
                varStreamMap(video, audio),
                outputDir.resolve("%v").resolve(MEDIA_PLAYLIST).toString()));

        mp3Output.ifPresent(path -> args.addAll(List.of(
                "-map", input.audioMap(), "-c:a", "libmp3lame", "-b:a", mp3BitrateKbps + "k", path.toString())));
        return List.copyOf(args);
    }

    private static String varStreamMap(List<VideoRendition> video, Optional<AudioRendition> audio) {
        List<String> entries = new ArrayList<>();
        String group = audio.isPresent() && !video.isEmpty() ? ",agroup:" + AUDIO_GROUP : "";
        for (int i = 0; i < video.size(); i++) {
            entries.add("v:" + i + group + ",name:" + video.get(i).name());
        }
        audio.ifPresent(
                a -> entries.add("a:0" + group + ",name:" + a.name() + (group.isEmpty() ? "" : ",default:yes")));
        return String.join(" ", entries);
    }
}
