package io.creditcast.media.transcode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Transcoding limits, restart policy and the default ladder ({@code creditcast.media.transcode.*}).
 *
 * @param maxConcurrentJobs FFmpeg processes at once (default 2)
 * @param maxQueuedJobs jobs waiting for a slot before new ones are rejected (default 16)
 * @param stopGracePeriod time for each stop step: {@code q}, then SIGTERM, then SIGKILL (default 5 s)
 * @param stderrTailLines stderr lines kept per job for diagnosis (default 200)
 * @param restart backoff for live jobs whose encoder dies
 * @param ladder the adaptive ladder used unless a job brings its own
 */
@ConfigurationProperties("creditcast.media.transcode")
public record TranscodeProperties(
        @DefaultValue("2") int maxConcurrentJobs,
        @DefaultValue("16") int maxQueuedJobs,
        @DefaultValue("5s") Duration stopGracePeriod,
        @DefaultValue("200") int stderrTailLines,
        @DefaultValue Restart restart,
        @DefaultValue LadderSettings ladder) {

    /** See {@link RestartPolicy}; defaults 5 restarts, 1 s doubling to 30 s, reset after a 60 s run. */
    public record Restart(
            @DefaultValue("5") int maxRestarts,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("2") int backoffMultiplier,
            @DefaultValue("60s") Duration stableAfter) {

        public RestartPolicy toPolicy() {
            return new RestartPolicy(maxRestarts, initialBackoff, maxBackoff, backoffMultiplier, stableAfter);
        }
    }

    /**
     * See {@link Ladder}. {@code video} and {@code audio} default to {@link Ladder#defaults()} when not set;
     * {@code audioEnabled: false} drops the audio rendition.
     */
    public record LadderSettings(
            List<VideoRendition> video,
            AudioRendition audio,
            @DefaultValue("true") boolean audioEnabled,
            @DefaultValue("veryfast") String x264Preset,
            @DefaultValue("2") int segmentDurationS,
            @DefaultValue("6") int liveWindowSegments) {

        public Ladder toLadder() {
            Ladder defaults = Ladder.defaults();
            Optional<AudioRendition> audioRendition =
                    audioEnabled ? Optional.ofNullable(audio).or(defaults::audio) : Optional.empty();
            return new Ladder(
                    video == null || video.isEmpty() ? defaults.video() : video,
                    audioRendition,
                    x264Preset,
                    segmentDurationS,
                    liveWindowSegments);
        }
    }

    public TranscodeScheduler.Limits toLimits() {
        return new TranscodeScheduler.Limits(maxConcurrentJobs, maxQueuedJobs, stopGracePeriod);
    }
}
