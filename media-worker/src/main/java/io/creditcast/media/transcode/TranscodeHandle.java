package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegProgress;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A submitted job, as seen from outside the {@link TranscodeScheduler}. */
public interface TranscodeHandle {

    enum State {
        /** Waiting for a process slot. */
        QUEUED,
        /** Holding a slot; FFmpeg is being started or is running. */
        RUNNING,
        /** Holding its slot while waiting out a restart backoff. */
        RESTARTING,
        /** Over; see {@link #outcome()}. */
        FINISHED
    }

    JobId id();

    State state();

    /** FFmpeg starts so far (0 while queued). */
    int attempts();

    /** Latest progress of the current (or last) attempt. */
    FfmpegProgress progress();

    /** Process id of the running attempt. */
    OptionalLong pid();

    /** Last stderr lines of the current (or last) attempt. */
    List<String> stderrTail();

    /** Completes once with the final outcome. */
    CompletableFuture<TranscodeOutcome> outcome();

    /** Stops the job wherever it is (queued, running, waiting to restart); completes with the outcome. */
    CompletableFuture<TranscodeOutcome> stop();
}
