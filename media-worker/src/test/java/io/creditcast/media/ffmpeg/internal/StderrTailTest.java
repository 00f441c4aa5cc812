package io.creditcast.media.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StderrTailTest {

    @Test
    void keepsExactlyTheLastCapacityLines() {
        StderrTail tail = new StderrTail(3);
        for (int i = 1; i <= 5; i++) {
            tail.add("line " + i);
        }

        assertThat(tail.snapshot()).containsExactly("line 3", "line 4", "line 5");
    }

    @Test
    void atCapacityNothingIsDropped() {
        StderrTail tail = new StderrTail(2);
        tail.add("a");
        tail.add("b");

        assertThat(tail.snapshot()).containsExactly("a", "b");
    }

    @Test
    void longLinesAreCut() {
        StderrTail tail = new StderrTail(1);
        tail.add("x".repeat(StderrTail.MAX_LINE_CHARS + 1));

        assertThat(tail.snapshot().getFirst()).hasSize(StderrTail.MAX_LINE_CHARS);
    }

    @Test
    void capacityIsBounded() {
        assertThatThrownBy(() -> new StderrTail(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StderrTail(10_001)).isInstanceOf(IllegalArgumentException.class);
    }
}
