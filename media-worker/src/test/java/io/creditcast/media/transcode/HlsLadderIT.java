package io.creditcast.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditcast.media.TestMedia;
import io.creditcast.media.ffmpeg.FfmpegJob;
import io.creditcast.media.ffmpeg.JobExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default ladder, for real: a generated 3 s test pattern with a tone goes through FFmpeg in VOD mode, and
 * ffprobe reads back the master playlist, every rendition and the segment durations.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HlsLadderIT {

    private static final double SOURCE_DURATION_S = 3.0;
    private static final double TOLERANCE_S = 0.15;

    @TempDir
    static Path dir;

    private static Path out;
    private static JobExit exit;
    private static List<String> stderrTail;

    @BeforeAll
    static void transcodeThreeSecondsWithTheDefaultLadder() throws Exception {
        Path source = TestMedia.videoFile(dir.resolve("source.mp4"), 3);
        out = dir.resolve("hls");
        List<String> args = HlsLadderArgs.of(new InputSource.File(source, false), out)
                .withMode(PlaylistMode.VOD)
                .toArgs();
        FfmpegJob job = FfmpegJob.start("ladder-it", TestMedia.ffmpeg().ffmpegProcess(args), 200, p -> {});
        exit = job.exit().get(90, TimeUnit.SECONDS);
        stderrTail = job.stderrTail();
    }

    @Test
    void ffmpegCompletes() {
        assertThat(exit).as("stderr: %s", stderrTail).isEqualTo(new JobExit.Completed());
    }

    @Test
    void theMasterPlaylistListsEveryVideoRenditionAndTheAudioGroup() throws IOException {
        String master = Files.readString(out.resolve("master.m3u8"));

        assertThat(master.lines().filter(line -> line.startsWith("#EXT-X-STREAM-INF")))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("AUDIO=\"group_audio\""));
        assertThat(master)
                .contains("RESOLUTION=1280x720")
                .contains("RESOLUTION=854x480")
                .contains("RESOLUTION=640x360")
                .contains("720p/index.m3u8")
                .contains("480p/index.m3u8")
                .contains("360p/index.m3u8")
                .containsPattern("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"group_audio\".*URI=\"audio/index.m3u8\"");
    }

    @Test
    void ffprobeSeesOneProgramPerRenditionWithH264AtTheLadderHeightsAndAac() throws IOException {
        JsonNode probe = probe(out.resolve("master.m3u8"), "stream=codec_type,codec_name,height:program=program_id");

        List<Integer> heights = new ArrayList<>();
        for (JsonNode program : probe.path("programs")) {
            List<String> codecs = new ArrayList<>();
            for (JsonNode stream : program.path("streams")) {
                codecs.add(stream.path("codec_name").asString());
                if (stream.path("codec_type").asString().equals("video")) {
                    heights.add(stream.path("height").asInt());
                }
            }
            assertThat(codecs).containsExactlyInAnyOrder("h264", "aac");
        }
        assertThat(heights).containsExactlyInAnyOrder(720, 480, 360);
    }

    @Test
    void everyRenditionsSegmentsAddUpToTheSourceDuration() throws IOException {
        for (String rendition : List.of("720p", "480p", "360p", "audio")) {
            Path playlist = out.resolve(rendition).resolve("index.m3u8");
            String text = Files.readString(playlist);
            double segmentSecondsSum = text.lines()
                    .filter(line -> line.startsWith("#EXTINF:"))
                    .mapToDouble(line -> Double.parseDouble(line.substring("#EXTINF:".length(), line.indexOf(','))))
                    .sum();

            assertThat(text).as(rendition).contains("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-ENDLIST");
            assertThat(text).as(rendition).contains("#EXT-X-TARGETDURATION:2");
            assertThat(segmentSecondsSum)
                    .as("%s segment durations", rendition)
                    .isCloseTo(SOURCE_DURATION_S, within(TOLERANCE_S));
            double probedSeconds = probe(playlist, "format=duration")
                    .path("format")
                    .path("duration")
                    .asDouble();
            assertThat(probedSeconds)
                    .as("%s duration by ffprobe", rendition)
                    .isCloseTo(SOURCE_DURATION_S, within(TOLERANCE_S));
        }
    }

    @Test
    void keyframesEveryTwoSecondsCutTheVideoIntoTwoSecondSegments() throws IOException {
        String text = Files.readString(out.resolve("720p/index.m3u8"));

        assertThat(text.lines().filter(line -> line.startsWith("#EXTINF:")))
                .containsExactly("#EXTINF:2.000000,", "#EXTINF:1.000000,");
    }

    private static JsonNode probe(Path file, String entries) throws IOException {
        String json =
                TestMedia.ffprobe(List.of("-v", "error", "-show_entries", entries, "-of", "json", file.toString()));
        return JsonMapper.shared().readTree(json);
    }
}
