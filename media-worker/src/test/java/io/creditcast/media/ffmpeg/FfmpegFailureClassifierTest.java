package io.creditcast.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stderr captured from the bundled FFmpeg 8.0.1 (src/test/resources/stderr) and the status it exited with. */
class FfmpegFailureClassifierTest {

    @ParameterizedTest(name = "{0} (exit {1}) is {2}")
    @CsvSource({
        "input-missing-file.log,              254, InputNotFound, No such file or directory",
        "input-connection-refused.log,        145, InputNotFound, Connection refused",
        "input-not-media.log,                 183, InvalidInput,  Invalid data found when processing input",
        "input-random-bytes.log,              183, InvalidInput,  Invalid data found when processing input",
        "input-stream-map-matches-nothing.log,234, InvalidInput,  matches no streams",
        "encoder-unknown.log,                   8, EncoderFailed, Unknown encoder 'libfoo'",
        "encoder-odd-dimensions.log,          187, EncoderFailed, Error while opening encoder",
        "output-disk-full.log,                228, OutputFailed,  No space left on device",
        "killed-sigterm.log,                  255, Killed,        received signal 15",
        "killed-sigkill.log,                  137, Killed,        signal 9",
        "unknown-bad-option.log,                8, Unknown,       Option not found",
    })
    void classifiesCapturedStderr(String sample, int exitCode, String expectedType, String expectedDetail)
            throws IOException {
        FfmpegFailure failure = FfmpegFailureClassifier.classify(exitCode, lines(sample));

        assertThat(failure.getClass().getSimpleName()).isEqualTo(expectedType);
        assertThat(failure.detail()).contains(expectedDetail);
    }

    @Test
    void aTermSignalReportsItsNumber() throws IOException {
        assertThat(FfmpegFailureClassifier.classify(255, lines("killed-sigterm.log")))
                .isEqualTo(new FfmpegFailure.Killed(15, "Exiting normally, received signal 15."));
    }

    @Test
    void aSilentDeathBySignalIsKilledWithThatSignal() throws IOException {
        assertThat(FfmpegFailureClassifier.classify(137, lines("killed-sigkill.log")))
                .isEqualTo(new FfmpegFailure.Killed(9, "ended by signal 9"));
    }

    @Test
    void aStderrMessageWinsOverAnExitCodeThatLooksLikeASignal() throws IOException {
        // FFmpeg 8 exits with the low byte of AVERROR(ECONNREFUSED) = 145, which is also 128 + SIGCHLD
        assertThat(FfmpegFailureClassifier.classify(145, lines("input-connection-refused.log")))
                .isInstanceOf(FfmpegFailure.InputNotFound.class);
    }

    @Test
    void noStderrAndAnOrdinaryExitCodeIsUnknown() {
        assertThat(FfmpegFailureClassifier.classify(1, List.of())).isEqualTo(new FfmpegFailure.Unknown(1, "exit 1"));
    }

    @Test
    void onlyInputAndEncoderTroublesAndCrashesAreRetryable() {
        assertThat(new FfmpegFailure.InputNotFound("x").retryable()).isTrue();
        assertThat(new FfmpegFailure.EncoderFailed("x").retryable()).isTrue();
        assertThat(new FfmpegFailure.Killed(9, "x").retryable()).isTrue();
        assertThat(new FfmpegFailure.Unknown(1, "x").retryable()).isTrue();
        assertThat(new FfmpegFailure.InvalidInput("x").retryable()).isFalse();
        assertThat(new FfmpegFailure.OutputFailed("x").retryable()).isFalse();
    }

    private static List<String> lines(String sample) throws IOException {
        try (InputStream in = FfmpegFailureClassifierTest.class.getResourceAsStream("/stderr/" + sample)) {
            assertThat(in).as("sample %s", sample).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
