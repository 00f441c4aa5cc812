package io.creditcast.media.ffmpeg;

/** How an {@link FfmpegJob} ended. */
public sealed interface JobExit {

    /** Exit status 0, not signalled, without a stop request: the input ended and all outputs were finalised. */
    record Completed() implements JobExit {}

    /** A stop was requested through {@link FfmpegJob#stop}; the exit status is whatever it took to end it. */
    record Stopped(int exitCode) implements JobExit {}

    /** Any other end, classified. */
    record Failed(int exitCode, FfmpegFailure failure) implements JobExit {}
}
