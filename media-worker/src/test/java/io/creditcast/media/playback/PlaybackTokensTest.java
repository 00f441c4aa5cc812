package io.creditcast.media.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.token.SignedTokens;
import io.creditcast.token.SignedTokens.Refusal;
import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybackTokensTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final SigningKey OLD = SigningKey.of("k1", "0123456789abcdef0123456789abcdef", false);
    static final SigningKey NEW = SigningKey.of("k2", "fedcba9876543210fedcba9876543210", true);

    static PlaybackTokens at(Instant instant, SigningKey... keys) {
        return new PlaybackTokens(new TokenKeyRing(List.of(keys)), Clock.fixed(instant, ZoneOffset.UTC));
    }

    static SignedTokens.Verification refused(Refusal reason) {
        return new SignedTokens.Verification.Refused(reason);
    }

    final PlaybackTokens tokens = at(NOW, OLD, NEW);

    @Test
    void aTokenIsValidForItsStreamUntilItExpires() {
        String token = tokens.sign("s1", Duration.ofMinutes(1));
        assertThat(token).startsWith("v1.k2.");
        assertThat(tokens.verify("s1", token)).isTrue();
        assertThat(tokens.verify("s2", token)).isFalse();
        assertThat(at(NOW.plusSeconds(59), OLD, NEW).verify("s1", token)).isTrue();
        assertThat(at(NOW.plusSeconds(60), OLD, NEW).verification("s1", token)).isEqualTo(refused(Refusal.EXPIRED));
    }

    @Test
    void aTokenAtTheMaximumLifetimeIsAcceptedAndOneSecondMoreIsNotIssued() {
        assertThat(tokens.verify("s1", tokens.sign("s1", Duration.ofSeconds(300))))
                .isTrue();
        assertThatThrownBy(() -> tokens.sign("s1", Duration.ofSeconds(301)))
                .isInstanceOf(IllegalArgumentException.class);
        // signed with the right key but expiring beyond 300 s (+ 30 s skew) ahead: refused
        String tooLong = at(NOW.plusSeconds(301), NEW).sign("s1", Duration.ofSeconds(30));
        assertThat(tokens.verification("s1", tooLong)).isEqualTo(refused(Refusal.LIFETIME_TOO_LONG));
    }

    @Test
    void tamperedOrGarbageTokensAreRefused() {
        String token = tokens.sign("s1", Duration.ofMinutes(1));
        // flip the signature's first character: every one of its 6 bits is signature (the last character of a
        // 32-byte base64url value carries 2 unused bits, so A→B there could decode to the same bytes)
        int sig = token.lastIndexOf('.') + 1;
        char first = token.charAt(sig);
        String tampered = token.substring(0, sig) + (first == 'A' ? 'B' : 'A') + token.substring(sig + 1);
        assertThat(tokens.verification("s1", tampered)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        assertThat(tokens.verify("s1", null)).isFalse();
        assertThat(tokens.verify("s1", "")).isFalse();
        assertThat(tokens.verify("s1", "x.y")).isFalse();
        // the unsigned-kid format of the first worker release is no longer accepted
        assertThat(tokens.verify("s1", (NOW.getEpochSecond() + 60) + "." + "0".repeat(64)))
                .isFalse();
    }

    @Test
    void anUnknownKidIsRefusedAndAfterRotationTheOldKeyVerifiesUntilItIsRemoved() {
        String byOld = at(NOW, SigningKey.of("k1", "0123456789abcdef0123456789abcdef", true))
                .sign("s1", Duration.ofMinutes(5));
        assertThat(tokens.verify("s1", byOld))
                .as("rotated: k1 inactive but configured")
                .isTrue();
        assertThat(at(NOW, NEW).verification("s1", byOld)).isEqualTo(refused(Refusal.UNKNOWN_KID));
        String foreign = at(NOW, SigningKey.of("k9", "0123456789abcdef0123456789abcdef", true))
                .sign("s1", Duration.ofMinutes(1));
        assertThat(tokens.verification("s1", foreign)).isEqualTo(refused(Refusal.UNKNOWN_KID));
    }

    @Test
    void aChatRoomTokenSignedWithTheSameKeyDoesNotPlay() {
        String chat = new SignedTokens(new TokenKeyRing(List.of(NEW)), Clock.fixed(NOW, ZoneOffset.UTC))
                .sign("chat-room", List.of("s1", "user", "0"), Duration.ofMinutes(1));
        assertThat(tokens.verification("s1", chat)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
    }

    /** The vector of core-domain's SignedTokensTest: what the command service issues, the worker accepts. */
    @Test
    void theCommandServicesKnownVectorVerifies() {
        var key = SigningKey.of("2026-12", "creditcast-playback-test-vector-key-000000", false);
        String vector = "v1.2026-12.1800000300.c3RyZWFtLTEKbm9uY2U.ZHI7vHEASPsoUfK6e9lohzplAG9iR08pN1LYUiz_hDw";
        assertThat(at(Instant.ofEpochSecond(1_800_000_000L), key).verify("stream-1", vector))
                .isTrue();
        assertThat(at(Instant.ofEpochSecond(1_800_000_000L), key).verify("stream-2", vector))
                .isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new SigningKey("k", new byte[31], true)).isInstanceOf(IllegalArgumentException.class);
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
