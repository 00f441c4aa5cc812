package io.creditcast.media.relay;

import io.creditcast.media.transcode.AudioRendition;
import io.creditcast.media.transcode.HlsLadderArgs;
import io.creditcast.media.transcode.InputSource;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PlaylistMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The relay encoder's argv: the source's audio arrives on stdin; out come an audio-only live HLS window (AAC,
 * through the shared {@link HlsLadderArgs} builder) and a continuous MP3 stream sent over TCP to the worker's
 * loopback port, which fans it out to listeners.
 */
public final class RelayFfmpegArgs {

    private RelayFfmpegArgs() {}

    /** FFmpeg's demuxer for a source content type, or empty when the relay cannot read it. */
    public static Optional<String> demuxer(String contentType) {
        return switch (contentType.toLowerCase(Locale.ROOT)) {
            case "audio/mpeg", "audio/mp3", "audio/mpeg3" -> Optional.of("mp3");
            case "audio/aac", "audio/aacp", "audio/x-aac" -> Optional.of("aac");
            case "audio/ogg", "application/ogg", "audio/opus" -> Optional.of("ogg");
            default -> Optional.empty();
        };
    }

    public static List<String> of(String demuxer, Path hlsDir, RelayProperties properties, int mp3Port) {
        Ladder ladder = new Ladder(
                List.of(),
                Optional.of(new AudioRendition("audio", properties.aacBitrateKbps(), 44_100, 2)),
                "veryfast",
                properties.segmentDurationS(),
                properties.windowSegments());
        List<String> args = new ArrayList<>(HlsLadderArgs.of(new InputSource.Pipe(demuxer), hlsDir)
                .withLadder(ladder)
                .withMode(PlaylistMode.LIVE)
                .withInputStreams(false, true)
                .toArgs());
        args.addAll(List.of(
                "-map",
                "0:a:0",
                "-c:a",
                "libmp3lame",
                "-b:a",
                properties.mp3BitrateKbps() + "k",
                "-ar",
                "44100",
                "-id3v2_version",
                "0",
                "-write_xing",
                "0",
                "-flush_packets",
                "1",
                "-f",
                "mp3",
                "tcp://127.0.0.1:" + mp3Port));
        return List.copyOf(args);
    }
}
