package io.creditcast.media.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

class Mp3FanOutTest {

    @Test
    void listenersAreLimitedExactlyAtTheMaximum() {
        Mp3FanOut fanOut = new Mp3FanOut(2, 4);

        assertThat(fanOut.listen()).isPresent();
        assertThat(fanOut.listen()).isPresent();
        assertThat(fanOut.listen()).isEmpty();
        assertThat(fanOut.listenerCount()).isEqualTo(2);
    }

    @Test
    void everyListenerGetsEveryChunkInOrder() {
        Mp3FanOut fanOut = new Mp3FanOut(2, 4);
        Flux<byte[]> a = fanOut.listen().orElseThrow();
        Flux<byte[]> b = fanOut.listen().orElseThrow();

        fanOut.publish(new byte[] {1});
        fanOut.publish(new byte[] {2});
        fanOut.close();

        for (Flux<byte[]> listener : List.of(a, b)) {
            assertThat(listener.map(chunk -> chunk[0]).collectList().block(Duration.ofSeconds(5)))
                    .containsExactly((byte) 1, (byte) 2);
        }
        assertThat(fanOut.listen()).as("closed").isEmpty();
    }

    @Test
    void aListenerWhoseBufferIsFullIsDisconnectedAndFreesItsPlace() {
        Mp3FanOut fanOut = new Mp3FanOut(1, 2);
        Flux<byte[]> slow = fanOut.listen().orElseThrow();

        fanOut.publish(new byte[] {1});
        fanOut.publish(new byte[] {2}); // exactly at the buffer: still connected
        assertThat(fanOut.listenerCount()).isEqualTo(1);
        fanOut.publish(new byte[] {3}); // one past it: dropped

        assertThat(fanOut.listenerCount()).isZero();
        assertThat(slow.map(chunk -> chunk[0]).collectList().block(Duration.ofSeconds(5)))
                .containsExactly((byte) 1, (byte) 2);
        assertThat(fanOut.listen()).isPresent();
    }

    @Test
    void aListenerThatCancelsIsForgotten() {
        Mp3FanOut fanOut = new Mp3FanOut(1, 2);

        Disposable listener = fanOut.listen().orElseThrow().subscribe();
        assertThat(fanOut.listenerCount()).isEqualTo(1);

        listener.dispose();

        assertThat(fanOut.listenerCount()).isZero();
    }
}
