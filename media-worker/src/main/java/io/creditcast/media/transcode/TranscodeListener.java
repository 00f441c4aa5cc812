package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegFailure;
import io.creditcast.media.ffmpeg.FfmpegProgress;
import java.time.Duration;

/**
 * Lifecycle callbacks of one scheduled job. Called from scheduler and process-reader threads, never while the
 * scheduler holds its lock; implementations must be quick and must not block.
 */
public interface TranscodeListener {

    TranscodeListener NONE = new TranscodeListener() {};

    /** FFmpeg was started; {@code attempt} is 1 for the first start, 2 for the first restart... */
    default void onStarted(JobId id, int attempt, long pid) {}

    default void onProgress(JobId id, FfmpegProgress progress) {}

    /** A live job's encoder died; it will be started again as {@code nextAttempt} after {@code backoff}. */
    default void onRestartScheduled(JobId id, int nextAttempt, Duration backoff, FfmpegFailure cause) {}

    /** The job is over; called exactly once. */
    default void onFinished(JobId id, TranscodeOutcome outcome) {}
}
