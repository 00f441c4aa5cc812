package io.creditcast.media.upload.internal;

import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Streams buffers to a new file as they arrive (never holding the body in memory), failing as soon as the
 * running total exceeds {@code maxBytes}. The caller deletes the partial file on error.
 */
public final class SizeLimitedWriter {

    private SizeLimitedWriter() {}

    /**
     * @param tooLarge builds the error signalled when the limit is passed, given the limit
     * @return the number of bytes written
     */
    public static Mono<Long> write(
            Flux<DataBuffer> content, Path target, long maxBytes, LongFunction<RuntimeException> tooLarge) {
        AtomicLong written = new AtomicLong();
        Flux<DataBuffer> limited = content.handle((buffer, sink) -> {
            if (written.addAndGet(buffer.readableByteCount()) > maxBytes) {
                DataBufferUtils.release(buffer);
                sink.error(tooLarge.apply(maxBytes));
            } else {
                sink.next(buffer);
            }
        });
        return DataBufferUtils.write(limited, target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                .then(Mono.fromSupplier(written::get));
    }
}
