package io.creditcast.media.transcode;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Where FFmpeg reads from, rendered as the input part of the argv. */
public sealed interface InputSource {

    /** Input options and {@code -i} arguments. */
    List<String> args();

    /** The {@code -map} specifier of the video stream to encode. */
    default String videoMap() {
        return "0:v:0";
    }

    /** The {@code -map} specifier of the audio stream to encode. */
    default String audioMap() {
        return "0:a:0";
    }

    /**
     * A local file (upload, recording).
     *
     * @param readAtNativeRate read at playback speed ({@code -re}), e.g. to simulate a live source
     */
    record File(Path path, boolean readAtNativeRate) implements InputSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public List<String> args() {
            return readAtNativeRate ? List.of("-re", "-i", path.toString()) : List.of("-i", path.toString());
        }
    }

    /**
     * A network input. With {@code listen}, FFmpeg waits for one publisher: {@code rtmp://} gets
     * {@code -listen 1}; an {@code srt://} URL must carry {@code mode=listener} itself.
     */
    record Url(URI uri, boolean listen) implements InputSource {
        private static final Set<String> SCHEMES = Set.of("rtmp", "rtmps", "srt", "http", "https");

        public Url {
            Objects.requireNonNull(uri, "uri");
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
                throw new IllegalArgumentException("input scheme must be one of " + SCHEMES + ": " + uri);
            }
            if (listen
                    && uri.getScheme().equals("srt")
                    && !String.valueOf(uri.getQuery()).contains("mode=listener")) {
                throw new IllegalArgumentException("an SRT listener URL needs mode=listener: " + uri);
            }
            if (listen && uri.getScheme().startsWith("http")) {
                throw new IllegalArgumentException("FFmpeg cannot listen for HTTP publishers here: " + uri);
            }
        }

        @Override
        public List<String> args() {
            return listen && uri.getScheme().startsWith("rtmp")
                    ? List.of("-listen", "1", "-i", uri.toString())
                    : List.of("-i", uri.toString());
        }
    }

    /**
     * Bytes the worker writes into FFmpeg's stdin ({@code -f <format> -i pipe:0}), e.g. FLV remuxed from an RTMP
     * publisher, or the audio of a relayed Icecast source. FFmpeg then reads no keyboard commands from stdin;
     * closing the pipe ends the input.
     */
    record Pipe(String format) implements InputSource {
        private static final Set<String> FORMATS = Set.of("flv", "mpegts", "mp3", "aac", "ogg");

        public Pipe {
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("pipe format must be one of " + FORMATS + ": " + format);
            }
        }

        @Override
        public List<String> args() {
            return List.of("-f", format, "-i", "pipe:0");
        }
    }

    /** A generated, realtime-paced test pattern with a sine tone (demo streams, tests). */
    record TestPattern(int widthPx, int heightPx, int framesPerSecond, int toneHz) implements InputSource {
        public TestPattern {
            if (widthPx < 16 || widthPx > 3840 || heightPx < 16 || heightPx > 2160) {
                throw new IllegalArgumentException("test pattern size out of range: " + widthPx + "x" + heightPx);
            }
            if (framesPerSecond < 1 || framesPerSecond > 60) {
                throw new IllegalArgumentException("framesPerSecond must be 1..60: " + framesPerSecond);
            }
            if (toneHz < 20 || toneHz > 20_000) {
                throw new IllegalArgumentException("toneHz must be 20..20000: " + toneHz);
            }
        }

        @Override
        public List<String> args() {
            return List.of(
                    "-re",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=" + widthPx + "x" + heightPx + ":rate=" + framesPerSecond,
                    "-re",
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=" + toneHz + ":sample_rate=48000");
        }

        @Override
        public String audioMap() {
            return "1:a:0";
        }
    }
}
