package io.creditcast.media.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegLocatorTest {

    @Test
    void theBundledBuildIsUnpackedOnceIntoTheVersionedCacheDirAndVerified(@TempDir Path cache) throws IOException {
        FfmpegProperties properties = new FfmpegProperties(null, null, true, cache, Duration.ofSeconds(30));

        FfmpegInstallation first = FfmpegLocator.locate(properties);
        FileTime unpackedAt = Files.getLastModifiedTime(first.ffmpeg());
        FfmpegInstallation second = FfmpegLocator.locate(properties);

        assertThat(first.origin()).isEqualTo(FfmpegInstallation.Origin.BUNDLED);
        assertThat(first.versionLine()).isEqualTo("ffmpeg version 8.0.1");
        assertThat(first.ffmpeg())
                .isEqualTo(cache.resolve("8.0.1-1.5.13-linux-x86_64-gpl").resolve("ffmpeg"));
        assertThat(first.ffprobe()).isEqualTo(first.ffmpeg().resolveSibling("ffprobe"));
        assertThat(Files.isExecutable(first.ffmpeg())).isTrue();
        assertThat(first.environment().get("LD_LIBRARY_PATH"))
                .startsWith(first.ffmpeg().getParent().toString());
        assertThat(second.ffmpeg()).isEqualTo(first.ffmpeg());
        assertThat(Files.getLastModifiedTime(second.ffmpeg())).isEqualTo(unpackedAt);
        try (Stream<Path> entries = Files.list(cache)) {
            assertThat(entries).as("no staging directories left behind").hasSize(1);
        }
    }

    @Test
    void aConfiguredPathThatDoesNotExistFailsStartupWithATypedErrorNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("ffmpeg");
        FfmpegProperties properties = new FfmpegProperties(missing, null, true, dir, Duration.ofSeconds(5));

        assertThatThrownBy(() -> FfmpegLocator.locate(properties))
                .isInstanceOfSatisfying(FfmpegNotFoundException.class, e -> {
                    assertThat(e.attempts()).singleElement().satisfies(attempt -> {
                        assertThat(attempt.candidate()).contains(missing.toString());
                        assertThat(attempt.reason()).startsWith("could not run");
                    });
                    assertThat(e.getMessage()).contains("creditcast.media.ffmpeg.path");
                });
    }

    @Test
    void aConfiguredProgramThatIsNotFfmpegIsRefused(@TempDir Path dir) {
        FfmpegProperties properties =
                new FfmpegProperties(Path.of("/bin/echo"), null, true, dir, Duration.ofSeconds(5));

        assertThatThrownBy(() -> FfmpegLocator.locate(properties))
                .isInstanceOfSatisfying(FfmpegNotFoundException.class, e -> assertThat(e.attempts())
                        .singleElement()
                        .satisfies(attempt -> assertThat(attempt.reason()).contains("-version` failed")));
    }
}
