package io.creditcast.media.transcode;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A job for the {@link TranscodeScheduler}.
 *
 * @param id unique among the scheduler's current jobs
 * @param kind live (restartable) or finite
 * @param args the FFmpeg argv without the program name (see {@link HlsLadderArgs#toArgs()})
 * @param workDir the process's working directory
 */
public record TranscodeRequest(JobId id, JobKind kind, List<String> args, Path workDir) {

    public TranscodeRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(workDir, "workDir");
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("args must not be empty");
        }
    }
}
