package io.creditcast.media.transcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        RestartPolicy policy = RestartPolicy.defaults();

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(policy::backoff))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @Test
    void aHugeRestartNumberDoesNotOverflow() {
        assertThat(RestartPolicy.defaults().backoff(1_000_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void limitsAreEnforced() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RestartPolicy(-1, second, second, 2, second))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(101, second, second, 2, second))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestartPolicy(1, second.multipliedBy(2), second, 2, second))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RestartPolicy.defaults().backoff(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RestartPolicy(100, second, second, 1, second).maxRestarts())
                .isEqualTo(100);
    }
}
