package io.creditcast.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayFfmpegArgsTest {
    static final RelayProperties DEFAULTS = new RelayProperties(
            Path.of("relay"),
            false,
            4,
            2048,
            Duration.ofSeconds(3),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            5,
            6,
            3,
            128,
            128,
            100,
            64,
            Path.of("relay-registrations"));

    @Test
    void anMp3SourceBecomesSixSecondAacHlsInAThreeSegmentWindowAndAnMp3StreamToTheLoopbackPort() {
        List<String> args = RelayFfmpegArgs.of("mp3", Path.of("out"), DEFAULTS, 40000);

        assertThat(String.join(" ", args))
                .contains("-f mp3 -i pipe:0")
                .contains("-map 0:a:0 -c:a aac -b:a 128k -ar 44100 -ac 2")
                .contains("-f hls -hls_time 6 -hls_list_size 3 -hls_flags delete_segments+independent_segments")
                .contains("-var_stream_map a:0,name:audio out/%v/index.m3u8")
                .doesNotContain("libx264")
                .endsWith("-map 0:a:0 -c:a libmp3lame -b:a 128k -ar 44100 -id3v2_version 0 -write_xing 0"
                        + " -flush_packets 1 -f mp3 tcp://127.0.0.1:40000");
    }

    @Test
    void theDemuxerFollowsTheSourceContentType() {
        assertThat(RelayFfmpegArgs.demuxer("audio/mpeg")).hasValue("mp3");
        assertThat(RelayFfmpegArgs.demuxer("audio/aacp")).hasValue("aac");
        assertThat(RelayFfmpegArgs.demuxer("application/ogg")).hasValue("ogg");
        assertThat(RelayFfmpegArgs.demuxer("audio/x-wav")).isEmpty();
    }
}
