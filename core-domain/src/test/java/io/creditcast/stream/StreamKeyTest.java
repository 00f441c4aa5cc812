package io.creditcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamKeyTest {
    @Test
    void aGeneratedKeyParsesBackToItsStreamAndNeverPrintsTheSecret() {
        StreamKey key = StreamKey.generate("abc-123");
        assertThat(StreamKey.parse(key.value())).contains(key);
        assertThat(key.toString()).doesNotContain(key.value().substring(8));
        assertThat(key.hash()).hasSize(64).isEqualTo(StreamKey.hashOf(key.value()));
    }

    @Test
    void garbageIsNotAKey() {
        assertThat(StreamKey.parse(null)).isEmpty();
        assertThat(StreamKey.parse("")).isEmpty();
        assertThat(StreamKey.parse("no-dot-here")).isEmpty();
        assertThat(StreamKey.parse("abc.short")).isEmpty();
        assertThat(StreamKey.parse("abc.has spaces in the secret!")).isEmpty();
    }

    @Test
    void aKeyAtTheLengthLimitParsesAndOneCharacterMoreDoesNot() {
        String atLimit = "a".repeat(64) + "." + "b".repeat(64);
        assertThat(atLimit).hasSize(StreamKey.MAX_KEY_CHARS);
        assertThat(StreamKey.parse(atLimit)).isPresent();
        assertThat(StreamKey.parse(atLimit + "b")).isEmpty();
    }
}
