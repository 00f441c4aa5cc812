package io.creditcast.media.ffmpeg;

/**
 * Why an FFmpeg process failed, classified from its stderr and exit status by
 * {@link FfmpegFailureClassifier}. {@link #detail()} is the stderr line that decided the classification (or a
 * short description when none did).
 */
public sealed interface FfmpegFailure {

    String detail();

    /** Whether running the same command again may succeed (used for live restarts). */
    boolean retryable();

    /** The input does not exist or cannot be reached (missing file, connection refused, HTTP 404...). */
    record InputNotFound(String detail) implements FfmpegFailure {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The input is not media FFmpeg can read, or lacks the streams the command maps. */
    record InvalidInput(String detail) implements FfmpegFailure {
        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** An encoder could not be found, opened or fed. */
    record EncoderFailed(String detail) implements FfmpegFailure {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The output could not be written (disk full, permissions, missing directory). */
    record OutputFailed(String detail) implements FfmpegFailure {
        @Override
        public boolean retryable() {
            return false;
        }
    }

    /** The process was ended by a signal nobody in this worker asked for (OOM killer, operator, crash). */
    record Killed(int signal, String detail) implements FfmpegFailure {
        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** Anything else: a non-zero exit without a recognised message. */
    record Unknown(int exitCode, String detail) implements FfmpegFailure {
        @Override
        public boolean retryable() {
            return true;
        }
    }
}
