package io.creditcast.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.command.config.CreditcastProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The command pool: work that started is never interrupted; work that waited too long, or finds the queue full, is not done. */
class CommandSenderTest {
    static final long MAX_QUEUE_WAIT_MS = 100;
    CommandSender sender = sender(1, 1);

    @AfterEach
    void stop() throws InterruptedException {
        sender.stop();
    }

    @Test
    void aCallerThatGoesAwayDoesNotInterruptTheCommandItStarted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Disposable caller = sender.blocking(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                    finished.countDown();
                    return "committed";
                })
                .subscribe();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        caller.dispose(); // the client disconnected, or the request timed out
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).as("the command's thread was interrupted").isFalse();
    }

    @Test
    void workThatWaitedLongerThanTheQueueWaitLimitIsAnswered503AndNeverDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        sender.blocking(() -> release.await(5, TimeUnit.SECONDS)).subscribe();
        AtomicInteger done = new AtomicInteger();
        Mono<Integer> waiting = sender.blocking(done::incrementAndGet);
        var result = waiting.toFuture();
        Thread.sleep(MAX_QUEUE_WAIT_MS + 100);
        release.countDown();
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ApiException.class)
                .cause()
                .satisfies(e -> assertThat(((ApiException) e).type()).isEqualTo(ProblemTypes.OVERLOADED))
                .hasMessageContaining("limit " + MAX_QUEUE_WAIT_MS + " ms");
        assertThat(done).hasValue(0);
        // a request arriving now waits for nothing and is done
        assertThat(sender.blocking(done::incrementAndGet).block(Duration.ofSeconds(5)))
                .isEqualTo(1);
    }

    @Test
    void atTheQueueCapacityWorkIsQueuedAndOnePastItIsRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        sender.blocking(() -> release.await(5, TimeUnit.SECONDS)).subscribe(); // the one thread
        var queued = sender.blocking(() -> "queued").toFuture(); // the one queue slot
        assertThatThrownBy(() -> sender.blocking(() -> "one past").block(Duration.ofSeconds(5)))
                .isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("queued");
    }

    private static CommandSender sender(int threads, int queueCapacity) {
        var properties = new CreditcastProperties(
                null,
                null,
                null,
                null,
                new CreditcastProperties.Commands(threads, queueCapacity, 5_000),
                null,
                null,
                null,
                new CreditcastProperties.Admission(512, MAX_QUEUE_WAIT_MS),
                null);
        return new CommandSender(null, null, properties, new SimpleMeterRegistry());
    }
}
