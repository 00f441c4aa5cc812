package io.creditcast.media.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.media.ffmpeg.FfmpegProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressParserTest {

    @Test
    void capturedLadderProgressEndsWithTheFinalTimeAndSpeed() throws IOException {
        ProgressParser parser = new ProgressParser();
        List<FfmpegProgress> snapshots = captured().stream()
                .map(parser::accept)
                .flatMap(Optional::stream)
                .toList();

        assertThat(snapshots).isNotEmpty();
        assertThat(snapshots.getLast()).isEqualTo(new FfmpegProgress(2_933_333, 1.93, 90, 0, true));
        assertThat(snapshots.subList(0, snapshots.size() - 1)).noneMatch(FfmpegProgress::ended);
    }

    @Test
    void notAvailableValuesKeepThePreviousOnes() {
        ProgressParser parser = new ProgressParser();
        parser.accept("out_time_us=1000000");
        parser.accept("speed=2.5x");
        parser.accept("progress=continue");

        parser.accept("out_time_us=N/A");
        parser.accept("speed=N/A");
        Optional<FfmpegProgress> next = parser.accept("progress=continue");

        assertThat(next).contains(new FfmpegProgress(1_000_000, 2.5, 0, 0, false));
    }

    @Test
    void negativeStartTimesAreClampedToZero() {
        ProgressParser parser = new ProgressParser();
        parser.accept("out_time_us=-9223372036854775807");

        assertThat(parser.accept("progress=continue")).contains(new FfmpegProgress(0, 0, 0, 0, false));
    }

    @Test
    void linesWithoutAKeyAreIgnored() {
        ProgressParser parser = new ProgressParser();

        assertThat(parser.accept("")).isEmpty();
        assertThat(parser.accept("=3")).isEmpty();
        assertThat(parser.accept("garbage")).isEmpty();
    }

    @Test
    void percentIsClampedAndReaches100OnlyAtTheEnd() {
        long durationUs = 3_000_000;
        assertThat(new FfmpegProgress(1_500_000, 1, 0, 0, false).percentOf(durationUs))
                .isEqualTo(50);
        assertThat(new FfmpegProgress(3_200_000, 1, 0, 0, false).percentOf(durationUs))
                .isEqualTo(100);
        assertThat(new FfmpegProgress(0, 0, 0, 0, true).percentOf(durationUs)).isEqualTo(100);
        assertThat(new FfmpegProgress(1_500_000, 1, 0, 0, false).percentOf(0)).isZero();
    }

    private static List<String> captured() throws IOException {
        try (InputStream in = ProgressParserTest.class.getResourceAsStream("/progress-vod-ladder.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
