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

    /** Sum of the {@code #EXTINF} durations, in milliseconds. */
    public static long durationMs(Path mediaPlaylist) throws IOException {
        double seconds = 0;
        for (String line : Files.readAllLines(mediaPlaylist)) {
            if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8);
                int comma = value.indexOf(',');
                seconds += Double.parseDouble(comma >= 0 ? value.substring(0, comma) : value);
            }
        }
        return Math.round(seconds * 1000);
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
