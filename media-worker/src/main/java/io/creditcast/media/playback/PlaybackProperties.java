package io.creditcast.media.playback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Protected playback ({@code creditcast.media.playback.*}). The playback-token keys are {@code creditcast.tokens.keys}
 * ({@link TokenKeyProperties}), shared with the command service; token lifetime is at most 300 s.
 *
 * @param liveManifestMaxAgeS {@code Cache-Control: max-age} of live playlists (default 1 s)
 * @param segmentMaxAgeS {@code max-age} of segments and finished recordings' playlists (default 1 day)
 * @param audienceWindow a viewer counts as watching while it fetched a playlist within this window (default 15 s)
 * @param audienceReportInterval how often counts are reported to the command side (default 10 s)
 * @param maxTrackedViewersPerStream distinct viewers remembered per stream (default 100 000)
 */
@ConfigurationProperties("creditcast.media.playback")
public record PlaybackProperties(
        @DefaultValue("1") int liveManifestMaxAgeS,
        @DefaultValue("86400") int segmentMaxAgeS,
        @DefaultValue("15s") Duration audienceWindow,
        @DefaultValue("10s") Duration audienceReportInterval,
        @DefaultValue("100000") int maxTrackedViewersPerStream) {}
