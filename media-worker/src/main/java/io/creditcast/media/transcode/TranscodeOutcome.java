package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegFailure;
import java.util.List;

/** How a scheduled job ended, after all restarts. {@code attempts} counts FFmpeg starts (0 if it never ran). */
public sealed interface TranscodeOutcome {

    int attempts();

    /** The input ended and the outputs are complete. */
    record Succeeded(int attempts) implements TranscodeOutcome {}

    /** Stopped on request (while queued, running or waiting to restart). */
    record Stopped(int attempts) implements TranscodeOutcome {}

    /** Failed for good: a non-retryable failure, a finite job's failure, or restarts exhausted. */
    record Failed(FfmpegFailure failure, int attempts, List<String> stderrTail) implements TranscodeOutcome {
        public Failed {
            stderrTail = List.copyOf(stderrTail);
        }
    }
}
