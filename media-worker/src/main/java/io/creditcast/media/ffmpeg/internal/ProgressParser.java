package io.creditcast.media.ffmpeg.internal;

import io.creditcast.media.ffmpeg.FfmpegProgress;
import java.util.Optional;

/**
 * Folds the {@code key=value} lines of {@code -progress pipe:1} into {@link FfmpegProgress} snapshots; a
 * snapshot is complete at each {@code progress=continue|end} line. Values FFmpeg reports as {@code N/A} keep
 * their previous value. Not thread-safe: one parser per reader thread.
 */
public final class ProgressParser {

    private long outTimeUs;
    private double speed;
    private long frame;
    private long totalSizeBytes;

    /** Feeds one line; returns a snapshot when the line closes a block. */
    public Optional<FfmpegProgress> accept(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return Optional.empty();
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        switch (key) {
            case "out_time_us" -> outTimeUs = parseLong(value, outTimeUs);
            case "frame" -> frame = parseLong(value, frame);
            case "total_size" -> totalSizeBytes = parseLong(value, totalSizeBytes);
            case "speed" -> speed = parseSpeed(value, speed);
            case "progress" -> {
                return Optional.of(new FfmpegProgress(outTimeUs, speed, frame, totalSizeBytes, value.equals("end")));
            }
            default -> {
                // other keys (fps, bitrate, stream_*_q, dup_frames, ...) are not used yet
            }
        }
        return Optional.empty();
    }

    private static long parseLong(String value, long previous) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return previous;
        }
    }

    private static double parseSpeed(String value, double previous) {
        String number =
                value.endsWith("x") ? value.substring(0, value.length() - 1).strip() : value;
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return previous;
        }
    }
}
