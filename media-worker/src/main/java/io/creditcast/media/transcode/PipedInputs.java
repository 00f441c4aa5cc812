package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegJob;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Connects jobs whose input is {@link InputSource.Pipe} to the code that feeds them: each time the scheduler
 * starts (or restarts) such a job, the registered feeder receives the new process's stdin.
 */
public final class PipedInputs {
    private final Map<JobId, Consumer<OutputStream>> feeders = new ConcurrentHashMap<>();

    public void register(JobId id, Consumer<OutputStream> feeder) {
        feeders.put(Objects.requireNonNull(id), Objects.requireNonNull(feeder));
    }

    public void unregister(JobId id) {
        feeders.remove(id);
    }

    /** {@code base}, plus handing each started process's stdin to the job's feeder, if one is registered. */
    public FfmpegLauncher around(FfmpegLauncher base) {
        return (request, attempt, onProgress) -> {
            FfmpegJob job = base.launch(request, attempt, onProgress);
            Consumer<OutputStream> feeder = feeders.get(request.id());
            if (feeder != null) {
                feeder.accept(job.stdin());
            }
            return job;
        };
    }
}
