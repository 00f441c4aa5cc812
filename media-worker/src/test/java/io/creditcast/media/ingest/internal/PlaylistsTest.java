package io.creditcast.media.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaylistsTest {
    @TempDir
    Path hls;

    private void rendition(String name, String playlist, String... segmentsWithData) throws IOException {
        Path dir = Files.createDirectories(hls.resolve(name));
        Files.writeString(dir.resolve("index.m3u8"), playlist);
        for (String segment : segmentsWithData) {
            Files.write(dir.resolve(segment), new byte[] {0x47});
        }
    }

    @Test
    void theDurationIsTheLongestRenditionsExtinfSumOverSegmentsThatExist() throws IOException {
        rendition(
                "144p",
                "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000000,\nsegment_00000.ts\n"
                        + "#EXTINF:2.000000,\nsegment_00001.ts\n#EXTINF:1.466667,\nsegment_00002.ts\n",
                "segment_00000.ts",
                "segment_00001.ts",
                "segment_00002.ts");
        rendition(
                "audio",
                "#EXTM3U\n#EXTINF:2.005333,\nsegment_00000.ts\n#EXTINF:2.005333,\nsegment_00001.ts\n",
                "segment_00000.ts",
                "segment_00001.ts");

        assertThat(Playlists.recordedDurationMs(hls)).isEqualTo(5_467L);
    }

    @Test
    void listedSegmentsThatAreMissingOrEmptyCountForNothing() throws IOException {
        rendition(
                "144p",
                "#EXTM3U\n#EXTINF:2.0,\nsegment_00000.ts\n#EXTINF:2.0,\nsegment_00001.ts\n#EXTINF:2.0,\nsegment_00002.ts\n",
                "segment_00000.ts");
        Files.createFile(hls.resolve("144p/segment_00001.ts")); // empty: the muxer died while writing it

        assertThat(Playlists.recordedDurationMs(hls)).isEqualTo(2_000L);
    }

    @Test
    void noPlaylistOrAPlaylistWithoutSegmentsIsZero() throws IOException {
        assertThat(Playlists.recordedDurationMs(hls)).isZero();
        assertThat(Playlists.recordedDurationMs(hls.resolve("missing"))).isZero();
        rendition("144p", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:EVENT\n");
        Playlists.closeAll(hls);

        assertThat(Playlists.recordedDurationMs(hls)).isZero();
        assertThat(Files.readString(hls.resolve("144p/index.m3u8"))).endsWith(Playlists.ENDLIST + "\n");
    }

    @Test
    void aNegativeOrUnreadableExtinfIsRefused() throws IOException {
        rendition("144p", "#EXTM3U\n#EXTINF:-2.0,\nsegment_00000.ts\n", "segment_00000.ts");

        assertThatThrownBy(() -> Playlists.recordedDurationMs(hls)).isInstanceOf(IllegalArgumentException.class);
    }
}
