package io.creditcast.media.ingest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/** Reading and closing HLS media playlists of a finished session. */
public final class Playlists {
    public static final String ENDLIST = "#EXT-X-ENDLIST";

    private Playlists() {}

    /**
     * The duration of the recording under {@code hlsDir}: the longest media playlist's {@code #EXTINF} sum over the
     * segments it lists that exist and are not empty (a playlist entry whose file is missing plays nothing); 0 when
     * there is no playlist or no such segment.
     */
    public static long recordedDurationMs(Path hlsDir) throws IOException {
        long longestMs = 0;
        for (Path playlist : mediaPlaylists(hlsDir)) {
            longestMs = Math.max(longestMs, presentDurationMs(playlist));
        }
        return longestMs;
    }

    /** Sum of the {@code #EXTINF} durations of the segments of {@code mediaPlaylist} whose files hold data. */
    static long presentDurationMs(Path mediaPlaylist) throws IOException {
        double seconds = 0;
        double pendingS = -1;
        for (String line : Files.readAllLines(mediaPlaylist)) {
            if (line.startsWith("#EXTINF:")) {
                pendingS = extinfSeconds(line);
            } else if (pendingS >= 0 && !line.isBlank() && !line.startsWith("#")) {
                Path segment = mediaPlaylist.resolveSibling(line.strip());
                if (segment.normalize().startsWith(mediaPlaylist.getParent().normalize())
                        && Files.isRegularFile(segment)
                        && Files.size(segment) > 0) {
                    seconds += pendingS;
                }
                pendingS = -1;
            }
        }
        return Math.round(seconds * 1000);
    }

    private static double extinfSeconds(String line) {
        String value = line.substring(8);
        int comma = value.indexOf(',');
        double seconds = Double.parseDouble(comma >= 0 ? value.substring(0, comma) : value);
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("not a segment duration: " + line);
        }
        return seconds;
    }

    /** Appends {@code #EXT-X-ENDLIST} to every {@code index.m3u8} under {@code hlsDir} that lacks it. */
    public static void closeAll(Path hlsDir) throws IOException {
        for (Path playlist : mediaPlaylists(hlsDir)) {
            List<String> lines = Files.readAllLines(playlist);
            if (!lines.contains(ENDLIST)) {
                Files.writeString(playlist, ENDLIST + "\n", StandardOpenOption.APPEND);
            }
        }
    }

    public static List<Path> mediaPlaylists(Path hlsDir) throws IOException {
        if (!Files.isDirectory(hlsDir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(hlsDir, 2)) {
            return paths.filter(p -> p.getFileName().toString().equals("index.m3u8"))
                    .sorted()
                    .toList();
        }
    }
}
