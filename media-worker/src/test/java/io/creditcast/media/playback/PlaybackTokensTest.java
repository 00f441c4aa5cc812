package io.creditcast.media.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PlaybackTokensTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    final PlaybackTokens tokens =
            new PlaybackTokens("0123456789abcdef0123456789abcdef".getBytes(), Duration.ofMinutes(10), clockAt(NOW));

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aTokenIsValidForItsStreamUntilItExpires() {
        String token = tokens.sign("s1", Duration.ofMinutes(1));
        assertThat(tokens.verify("s1", token)).isTrue();
        assertThat(tokens.verify("s2", token)).isFalse();
        var later = new PlaybackTokens(
                "0123456789abcdef0123456789abcdef".getBytes(), Duration.ofMinutes(10), clockAt(NOW.plusSeconds(61)));
        assertThat(later.verify("s1", token)).isFalse();
    }

    @Test
    void aTokenAtTheMaximumLifetimeIsAcceptedAndOneSecondMoreIsNot() {
        assertThat(tokens.verify("s1", tokens.sign("s1", Duration.ofMinutes(10))))
                .isTrue();
        assertThatThrownBy(() -> tokens.sign("s1", Duration.ofMinutes(10).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        String forged = (NOW.getEpochSecond() + 601) + "." + "0".repeat(64);
        assertThat(tokens.verify("s1", forged)).isFalse();
    }

    @Test
    void tamperedOrGarbageTokensAreRefused() {
        String token = tokens.sign("s1", Duration.ofMinutes(1));
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        assertThat(tokens.verify("s1", tampered)).isFalse();
        assertThat(tokens.verify("s1", null)).isFalse();
        assertThat(tokens.verify("s1", "")).isFalse();
        assertThat(tokens.verify("s1", "x.y")).isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new PlaybackTokens(new byte[31], Duration.ofMinutes(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void playlistsCarryTheTokenOnEveryUri() {
        String master = "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",URI=\"audio/index.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1\n144p/index.m3u8\n";
        assertThat(PlaybackController.withToken(master, "1.ab"))
                .contains("URI=\"audio/index.m3u8?token=1.ab\"", "\n144p/index.m3u8?token=1.ab\n");
        assertThat(PlaybackController.withToken(master, null)).isEqualTo(master);
    }
}
