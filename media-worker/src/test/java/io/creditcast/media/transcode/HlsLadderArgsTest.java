package io.creditcast.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HlsLadderArgsTest {

    private static final HlsLadderArgs UPLOAD =
            HlsLadderArgs.of(new InputSource.File(Path.of("in.mp4"), false), Path.of("out"));

    @Test
    void theBuilderIsImmutable() {
        HlsLadderArgs live = UPLOAD.withMode(PlaylistMode.LIVE);

        assertThat(UPLOAD.mode()).isEqualTo(PlaylistMode.VOD);
        assertThat(live.mode()).isEqualTo(PlaylistMode.LIVE);
        assertThat(UPLOAD.toArgs()).isEqualTo(UPLOAD.toArgs());
    }

    @Test
    void theDefaultLadderIs720p480p360pPlusAudioWithTwoSecondKeyframes() {
        List<String> args = UPLOAD.toArgs();

        assertThat(args)
                .containsSequence(
                        "-var_stream_map",
                        "v:0,agroup:audio,name:720p v:1,agroup:audio,name:480p v:2,agroup:audio,name:360p"
                                + " a:0,agroup:audio,name:audio,default:yes");
        assertThat(args).containsSequence("-hls_time", "2");
        assertThat(args).containsSequence("-force_key_frames", "expr:gte(t,n_forced*2)");
        assertThat(args).containsSequence("-sc_threshold", "0");
        assertThat(args).containsSequence("-preset", "veryfast");
        assertThat(args).containsSequence("-master_pl_name", "master.m3u8");
    }

    @Test
    void renditionsExactlyAtTheSourceHeightAreKeptAndTallerOnesDropped() {
        assertThat(UPLOAD.withSourceHeightPx(480).effectiveVideo())
                .extracting(VideoRendition::name)
                .containsExactly("480p", "360p");
        assertThat(UPLOAD.withSourceHeightPx(479).effectiveVideo())
                .extracting(VideoRendition::name)
                .containsExactly("360p");
    }

    @Test
    void aSourceBelowEveryRungStillGetsTheSmallestRung() {
        assertThat(UPLOAD.withSourceHeightPx(180).effectiveVideo())
                .extracting(VideoRendition::name)
                .containsExactly("360p");
    }

    @Test
    void liveKeepsASlidingWindowAndVodKeepsEverySegment() {
        assertThat(UPLOAD.withMode(PlaylistMode.LIVE).toArgs())
                .containsSequence("-hls_list_size", "6")
                .containsSequence("-hls_flags", "delete_segments+independent_segments+temp_file")
                .doesNotContain("-hls_playlist_type");
        assertThat(UPLOAD.toArgs())
                .containsSequence("-hls_playlist_type", "event", "-hls_list_size", "0")
                .doesNotContain("delete_segments+independent_segments+temp_file");
    }

    @Test
    void anRtmpListenerWaitsForOnePublisher() {
        HlsLadderArgs args =
                HlsLadderArgs.of(new InputSource.Url(URI.create("rtmp://0.0.0.0:1935/live/key"), true), Path.of("out"));

        assertThat(args.toArgs()).containsSequence("-listen", "1", "-i", "rtmp://0.0.0.0:1935/live/key");
    }

    @Test
    void anSrtListenerMustSayModeListener() {
        assertThatThrownBy(() -> new InputSource.Url(URI.create("srt://0.0.0.0:9000"), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInputWithoutAudioOrVideoIsRefused() {
        assertThatThrownBy(() -> UPLOAD.withInputStreams(false, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anMp3OutputNeedsInputAudio() {
        HlsLadderArgs silent = UPLOAD.withInputStreams(true, false).withMp3Output(Path.of("out/a.mp3"), 192);

        assertThatThrownBy(silent::toArgs).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAudioOnlyInputWithAVideoOnlyLadderHasNothingToEncode() {
        HlsLadderArgs args =
                UPLOAD.withLadder(Ladder.defaults().withAudio(Optional.empty())).withInputStreams(false, true);

        assertThatThrownBy(args::toArgs).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ladderLimitsAreEnforced() {
        Ladder defaults = Ladder.defaults();
        assertThatThrownBy(() -> new VideoRendition("odd", 719, 1000, 1000, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoRendition("Bad Name", 720, 1000, 1000, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VideoRendition("low-max", 720, 1000, 999, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withVideo(List.of(
                        new VideoRendition("same", 720, 1000, 1000, 1000),
                        new VideoRendition("same", 480, 500, 500, 500))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ladder(defaults.video(), defaults.audio(), "warp-speed", 2, 6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ladder(defaults.video(), defaults.audio(), "veryfast", 0, 6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ladder(defaults.video(), defaults.audio(), "veryfast", 31, 6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Ladder(defaults.video(), defaults.audio(), "veryfast", 30, 100).segmentDurationS())
                .isEqualTo(30);
    }

    @Test
    void renditionsAreOrderedHighestFirstWhateverTheConfiguredOrder() {
        Ladder ladder = Ladder.defaults()
                .withVideo(List.of(
                        new VideoRendition("360p", 360, 800, 856, 1200),
                        new VideoRendition("720p", 720, 2800, 2996, 4200)));

        assertThat(ladder.video()).extracting(VideoRendition::name).containsExactly("720p", "360p");
    }
}
