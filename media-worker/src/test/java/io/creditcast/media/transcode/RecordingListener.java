package io.creditcast.media.transcode;

import io.creditcast.media.ffmpeg.FfmpegFailure;
import io.creditcast.media.ffmpeg.FfmpegProgress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Records every lifecycle callback, in order. */
final class RecordingListener implements TranscodeListener {

    sealed interface Event {}

    record Started(int attempt, long pid) implements Event {}

    record RestartScheduled(int nextAttempt, Duration backoff, FfmpegFailure cause) implements Event {}

    record Finished(TranscodeOutcome outcome) implements Event {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<FfmpegProgress> lastProgress = new AtomicReference<>(FfmpegProgress.NONE);

    @Override
    public void onStarted(JobId id, int attempt, long pid) {
        lastProgress.set(FfmpegProgress.NONE);
        events.add(new Started(attempt, pid));
    }

    @Override
    public void onProgress(JobId id, FfmpegProgress progress) {
        lastProgress.set(progress);
    }

    @Override
    public void onRestartScheduled(JobId id, int nextAttempt, Duration backoff, FfmpegFailure cause) {
        events.add(new RestartScheduled(nextAttempt, backoff, cause));
    }

    @Override
    public void onFinished(JobId id, TranscodeOutcome outcome) {
        events.add(new Finished(outcome));
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<Started> starts() {
        return events.stream()
                .filter(Started.class::isInstance)
                .map(Started.class::cast)
                .toList();
    }

    /** Progress of the current attempt (reset on each start). */
    FfmpegProgress progress() {
        return lastProgress.get();
    }
}
