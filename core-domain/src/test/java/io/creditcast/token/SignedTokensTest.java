package io.creditcast.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.token.SignedTokens.Refusal;
import io.creditcast.token.SignedTokens.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    static final SigningKey K1 = SigningKey.of("k1", "k1-secret-0123456789abcdef0123456789", true);
    static final SigningKey K1_RETIRING = SigningKey.of("k1", "k1-secret-0123456789abcdef0123456789", false);
    static final SigningKey K2 = SigningKey.of("k2", "k2-secret-0123456789abcdef0123456789", true);

    static SignedTokens at(Instant now, SigningKey... keys) {
        return new SignedTokens(new TokenKeyRing(List.of(keys)), Clock.fixed(now, ZoneOffset.UTC));
    }

    static Verification refused(Refusal reason) {
        return new Verification.Refused(reason);
    }

    @Test
    void a_token_carries_its_kid_and_claims_and_verifies_until_it_expires() {
        String token = at(T0, K1).sign("playback", List.of("s1", "n"), Duration.ofSeconds(120));
        assertThat(token).startsWith("v1.k1." + (T0.getEpochSecond() + 120) + ".");
        assertThat(at(T0.plusSeconds(119), K1).verify("playback", token))
                .isEqualTo(new Verification.Valid("k1", T0.plusSeconds(120), List.of("s1", "n")));
        assertThat(at(T0.plusSeconds(120), K1).verify("playback", token)).isEqualTo(refused(Refusal.EXPIRED));
    }

    @Test
    void the_lifetime_is_at_most_300_seconds_at_the_limit_and_one_past_it() {
        var tokens = at(T0, K1);
        assertThat(tokens.verify("playback", tokens.sign("playback", List.of("s1"), Duration.ofSeconds(300))))
                .isInstanceOf(Verification.Valid.class);
        assertThatThrownBy(() -> tokens.sign("playback", List.of("s1"), Duration.ofSeconds(301)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.sign("playback", List.of("s1"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        // a token signed with the right key but living longer (a misconfigured issuer) is refused
        String farAhead = at(T0.plusSeconds(SignedTokens.MAX_TTL_S + SignedTokens.CLOCK_SKEW_S + 1), K1)
                .sign("playback", List.of("s1"), Duration.ofSeconds(1));
        String atSkew = at(T0.plusSeconds(SignedTokens.MAX_TTL_S + SignedTokens.CLOCK_SKEW_S - 1), K1)
                .sign("playback", List.of("s1"), Duration.ofSeconds(1));
        assertThat(tokens.verify("playback", farAhead)).isEqualTo(refused(Refusal.LIFETIME_TOO_LONG));
        assertThat(tokens.verify("playback", atSkew)).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void a_tampered_token_is_refused() {
        var tokens = at(T0, K1);
        String token = tokens.sign("playback", List.of("s1"), Duration.ofSeconds(60));
        String[] p = token.split("\\.");
        String otherStream = p[0] + "." + p[1] + "." + p[2] + ".czI." + p[4];
        String laterExpiry = p[0] + "." + p[1] + "." + (Long.parseLong(p[2]) + 60) + "." + p[3] + "." + p[4];
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(tokens.verify("playback", otherStream)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        assertThat(tokens.verify("playback", laterExpiry)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        assertThat(tokens.verify("playback", flipped)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
    }

    @Test
    void a_token_for_one_purpose_never_verifies_for_another() {
        var tokens = at(T0, K1);
        String chat = tokens.sign("chat-room", List.of("s1"), Duration.ofSeconds(60));
        assertThat(tokens.verify("playback", chat)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
    }

    @Test
    void an_unknown_kid_is_refused_and_a_foreign_key_with_a_known_kid_fails_the_signature() {
        String byK2 = at(T0, K2).sign("playback", List.of("s1"), Duration.ofSeconds(60));
        assertThat(at(T0, K1).verify("playback", byK2)).isEqualTo(refused(Refusal.UNKNOWN_KID));
        var impostor = SigningKey.of("k1", "not-the-real-k1-secret-0123456789abcdef", true);
        String forged = at(T0, impostor).sign("playback", List.of("s1"), Duration.ofSeconds(60));
        assertThat(at(T0, K1).verify("playback", forged)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
    }

    @Test
    void after_a_rotation_the_new_key_signs_the_old_key_still_verifies_and_a_retired_key_is_refused() {
        String beforeRotation = at(T0, K1).sign("playback", List.of("s1"), Duration.ofSeconds(300));
        var rotated = at(T0.plusSeconds(10), K1_RETIRING, K2);
        String afterRotation = rotated.sign("playback", List.of("s1"), Duration.ofSeconds(300));
        assertThat(afterRotation).startsWith("v1.k2.");
        assertThat(rotated.verify("playback", beforeRotation)).isInstanceOf(Verification.Valid.class);
        assertThat(rotated.verify("playback", afterRotation)).isInstanceOf(Verification.Valid.class);
        // k1 removed once its tokens have expired: anything it signed is refused
        var retired = at(T0.plusSeconds(20), K2);
        assertThat(retired.verify("playback", beforeRotation)).isEqualTo(refused(Refusal.UNKNOWN_KID));
        assertThat(retired.verify("playback", afterRotation)).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void the_newest_active_key_signs_and_a_ring_without_one_only_verifies() {
        assertThat(at(T0, K2, K1).sign("playback", List.of("s1"), Duration.ofSeconds(1)))
                .startsWith("v1.k1.");
        var verifyOnly = at(T0, K1_RETIRING);
        assertThatThrownBy(() -> verifyOnly.sign("playback", List.of("s1"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void garbage_is_refused_without_throwing() {
        var tokens = at(T0, K1);
        for (String garbage : new String[] {
            null,
            "",
            "x",
            "v1.k1",
            "v2.k1.1.czE.AAAA",
            "v1.k1.-1.czE.AAAA",
            "v1.k1.1.czE.",
            "v1.k 1.1.czE.AAAA",
            "v1.k1.1234567890123.czE.AAAA",
            "v1.k1.1.czE.AAAA.x",
            "v1.k1.1.c=E.AAAA",
            "v1.k1.1.czE.A"
        }) {
            assertThat(tokens.verify("playback", garbage))
                    .as(String.valueOf(garbage))
                    .isInstanceOf(Verification.Refused.class);
        }
        String longest = "v1.k1.1.czE." + "A".repeat(SignedTokens.MAX_TOKEN_CHARS - 12);
        assertThat(longest).hasSize(SignedTokens.MAX_TOKEN_CHARS);
        assertThat(tokens.verify("playback", longest)).isEqualTo(refused(Refusal.BAD_SIGNATURE));
        assertThat(tokens.verify("playback", longest + "A")).isEqualTo(refused(Refusal.MALFORMED));
    }

    @Test
    void keys_need_a_safe_kid_and_at_least_32_bytes_and_a_ring_distinct_kids() {
        assertThat(new SigningKey("k", new byte[32], true).kid()).isEqualTo("k");
        assertThatThrownBy(() -> new SigningKey("k", new byte[31], true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SigningKey("k.1", new byte[32], true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SigningKey("k".repeat(33), new byte[32], true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenKeyRing(List.of(K1, K1_RETIRING)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenKeyRing(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(K1.toString()).doesNotContain("secret-");
    }

    /** The same vector is checked by the media worker's PlaybackTokensTest: both sides agree on the format. */
    @Test
    void a_known_vector_keeps_the_format_stable() {
        var key = SigningKey.of("2026-12", "creditcast-playback-test-vector-key-000000", true);
        String token = at(Instant.ofEpochSecond(1_800_000_000L), key)
                .sign("playback", List.of("stream-1", "nonce"), Duration.ofSeconds(300));
        assertThat(token).isEqualTo(KNOWN_VECTOR);
    }

    static final String KNOWN_VECTOR =
            "v1.2026-12.1800000300.c3RyZWFtLTEKbm9uY2U.ZHI7vHEASPsoUfK6e9lohzplAG9iR08pN1LYUiz_hDw";
}
