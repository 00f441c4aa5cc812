package io.creditcast.media.upload.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

class SizeLimitedWriterTest {

    private static final int CHUNK_BYTES = 1024;

    @TempDir
    Path dir;

    @Test
    void exactlyAtTheLimitEverythingIsWritten() throws IOException {
        Path target = dir.resolve("at-limit");

        Long written = SizeLimitedWriter.write(chunks(10), target, 10 * CHUNK_BYTES, TooLarge::new)
                .block(Duration.ofSeconds(10));

        assertThat(written).isEqualTo(10L * CHUNK_BYTES);

        assertThat(Files.size(target)).isEqualTo(10L * CHUNK_BYTES);
    }

    @Test
    void oneByteOverTheLimitFailsWhileStreamingAndNeverWritesPastTheLimit() throws IOException {
        Path target = dir.resolve("over-limit");
        AtomicInteger chunksRequested = new AtomicInteger();

        assertThatThrownBy(() -> SizeLimitedWriter.write(
                                chunks(100).doOnNext(b -> chunksRequested.incrementAndGet()),
                                target,
                                10L * CHUNK_BYTES - 1,
                                TooLarge::new)
                        .block(Duration.ofSeconds(10)))
                .isInstanceOf(TooLarge.class);

        assertThat(Files.size(target)).isLessThan(10L * CHUNK_BYTES);
        assertThat(chunksRequested).as("the rest of the body is not read").hasValueLessThanOrEqualTo(11);
    }

    @Test
    void anEmptyBodyWritesAnEmptyFile() throws IOException {
        Path target = dir.resolve("empty");

        Long written =
                SizeLimitedWriter.write(Flux.empty(), target, 1, TooLarge::new).block(Duration.ofSeconds(10));

        assertThat(written).isZero();

        assertThat(Files.size(target)).isZero();
    }

    private static Flux<DataBuffer> chunks(int count) {
        return Flux.range(0, count).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[CHUNK_BYTES]));
    }

    static final class TooLarge extends RuntimeException {
        TooLarge(long maxBytes) {
            super("over " + maxBytes);
        }
    }
}
