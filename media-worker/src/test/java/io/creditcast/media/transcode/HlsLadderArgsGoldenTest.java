package io.creditcast.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact FFmpeg argv per profile, pinned in {@code src/test/resources/golden/<profile>.args} (one argument
 * per line), so every change to the arguments shows up in review. After an intended change, regenerate with
 * {@code mvn -o -pl media-worker test -Dtest=HlsLadderArgsGoldenTest -Dgolden.update=true} and review the diff.
 */
class HlsLadderArgsGoldenTest {

    private static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");
    private static final Path OUT = Path.of("out");

    static Stream<Arguments> profiles() {
        InputSource upload = new InputSource.File(Path.of("in/source.mp4"), false);
        return Stream.of(
                Arguments.of("vod-file-default", HlsLadderArgs.of(upload, OUT)),
                Arguments.of(
                        "vod-file-fit-to-480p-source",
                        HlsLadderArgs.of(upload, OUT).withSourceHeightPx(480)),
                Arguments.of(
                        "vod-file-smaller-than-every-rung",
                        HlsLadderArgs.of(upload, OUT).withSourceHeightPx(180)),
                Arguments.of(
                        "vod-audio-only-with-mp3",
                        HlsLadderArgs.of(new InputSource.File(Path.of("in/source.mp3"), false), OUT)
                                .withInputStreams(false, true)
                                .withMp3Output(Path.of("out/audio.mp3"), 192)),
                Arguments.of(
                        "vod-video-without-audio", HlsLadderArgs.of(upload, OUT).withInputStreams(true, false)),
                Arguments.of(
                        "live-rtmp-listener-default",
                        HlsLadderArgs.of(new InputSource.Url(URI.create("rtmp://0.0.0.0:1935/live/stream"), true), OUT)
                                .withMode(PlaylistMode.LIVE)),
                Arguments.of(
                        "live-srt-listener-default",
                        HlsLadderArgs.of(
                                        new InputSource.Url(
                                                URI.create("srt://0.0.0.0:9000?mode=listener&latency=200000"), true),
                                        OUT)
                                .withMode(PlaylistMode.LIVE)),
                Arguments.of(
                        "live-test-pattern-default",
                        HlsLadderArgs.of(new InputSource.TestPattern(1280, 720, 30, 440), OUT)
                                .withMode(PlaylistMode.LIVE)),
                Arguments.of(
                        "live-custom-1080p-ladder",
                        HlsLadderArgs.of(new InputSource.Url(URI.create("rtmp://0.0.0.0:1935/live/stream"), true), OUT)
                                .withMode(PlaylistMode.LIVE)
                                .withLadder(new Ladder(
                                        List.of(
                                                new VideoRendition("1080p", 1080, 5000, 5350, 7500),
                                                new VideoRendition("720p", 720, 2800, 2996, 4200),
                                                new VideoRendition("480p", 480, 1400, 1498, 2100)),
                                        Optional.of(new AudioRendition("audio", 160, 48_000, 2)),
                                        "faster",
                                        4,
                                        5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void argvMatchesTheGoldenFile(String profile, HlsLadderArgs args) throws IOException {
        Path golden = GOLDEN_DIR.resolve(profile + ".args");
        String actual = String.join("\n", args.toArgs()) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }

        assertThat(golden)
                .as("golden file for %s (run with -Dgolden.update=true to create)", profile)
                .exists();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
