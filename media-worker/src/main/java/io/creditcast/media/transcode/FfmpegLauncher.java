package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.creditcast.media.ffmpeg.FfmpegJob;
import io.creditcast.media.ffmpeg.FfmpegProgress;
import java.io.IOException;
import java.util.function.Consumer;

/** Starts the FFmpeg process for one attempt of a job. */
@FunctionalInterface
public interface FfmpegLauncher {

    FfmpegJob launch(TranscodeRequest request, int attempt, Consumer<FfmpegProgress> onProgress) throws IOException;

    /** Runs the request's argv with {@code installation}'s {@code ffmpeg}, keeping {@code stderrTailLines}. */
    static FfmpegLauncher using(FfmpegInstallation installation, int stderrTailLines) {
        return (request, attempt, onProgress) -> FfmpegJob.start(
                request.id() + "#" + attempt,
                installation
                        .ffmpegProcess(request.args())
                        .directory(request.workDir().toFile()),
                stderrTailLines,
                onProgress);
    }
}
