package io.creditcast.media.ffmpeg;

import java.util.List;
import java.util.stream.Collectors;

/** No usable FFmpeg: every candidate that was tried, and why it was refused. */
public final class FfmpegNotFoundException extends RuntimeException {

    /** One candidate and the reason it was not usable. */
    public record Attempt(String candidate, String reason) {}

    private final List<Attempt> attempts;

    public FfmpegNotFoundException(List<Attempt> attempts) {
        super(describe(attempts));
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    private static String describe(List<Attempt> attempts) {
        String tried = attempts.isEmpty()
                ? "  (no candidates)"
                : attempts.stream()
                        .map(a -> "  - " + a.candidate() + ": " + a.reason())
                        .collect(Collectors.joining("\n"));
        return "No usable FFmpeg found. Tried:\n" + tried + "\n"
                + "Fix: keep the org.bytedeco:ffmpeg (linux-x86_64-gpl) jar on the class path (its programs need the"
                + " system library libpulse.so.0, Debian package libpulse0), or set creditcast.media.ffmpeg.path to an"
                + " ffmpeg program with ffprobe next to it, or install ffmpeg on the PATH.";
    }
}
