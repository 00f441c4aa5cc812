package io.creditcast.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.command.config.CreditcastProperties;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.resources.LoopResources;

/** The server's own threads: one acceptor apart from the I/O loops, and the work pool for admitted requests. */
class HttpServerLoopsTest {
    final HttpServerLoops loops = new HttpServerLoops();

    @Test
    void connectionsAreAcceptedOnAThreadOfTheirOwnApartFromTheConfiguredIoLoops() {
        ReactorResourceFactory factory = loops.reactorResourceFactory(properties(3, 0));
        factory.afterPropertiesSet();
        try {
            LoopResources resources = factory.getLoopResources();
            boolean nativeTransport = LoopResources.hasNativeSupport();
            EventLoopGroup accept = resources.onServerSelect(nativeTransport);
            EventLoopGroup io = resources.onServer(nativeTransport);
            assertThat(accept).as("not colocated with the I/O loops").isNotSameAs(io);
            assertThat(accept).hasSize(HttpServerLoops.ACCEPT_THREADS);
            assertThat(io).hasSize(3);
            AtomicReference<String> acceptThread = new AtomicReference<>();
            accept.submit(() -> acceptThread.set(Thread.currentThread().getName()))
                    .syncUninterruptibly();
            assertThat(acceptThread.get()).startsWith(HttpServerLoops.THREAD_PREFIX);
        } finally {
            factory.destroy();
        }
    }

    @Test
    void defaultsAreReactorNettysLoopCountAndAtLeastFourWorkThreads() {
        assertThat(HttpServerLoops.ioThreads(new CreditcastProperties.Http(0, 0, 0)))
                .isEqualTo(LoopResources.DEFAULT_IO_WORKER_COUNT);
        assertThat(HttpServerLoops.workThreads(new CreditcastProperties.Http(0, 0, 0)))
                .isEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
        assertThat(HttpServerLoops.workThreads(new CreditcastProperties.Http(0, 7, 0)))
                .isEqualTo(7);
        assertThatThrownBy(() -> new CreditcastProperties.Http(-1, 0, 0)).hasMessageContaining("io-threads");
        assertThatThrownBy(() -> new CreditcastProperties.Http(0, -1, 0)).hasMessageContaining("work-threads");
        assertThatThrownBy(() -> new CreditcastProperties.Http(0, 0, -1)).hasMessageContaining("offload-above");
    }

    @Test
    void theWorkSchedulerRunsOnNamedThreads() {
        Scheduler work = loops.apiWorkScheduler(properties(0, 2));
        try {
            String thread = Mono.fromCallable(() -> Thread.currentThread().getName())
                    .subscribeOn(work)
                    .block();
            assertThat(thread).startsWith(HttpServerLoops.WORK_THREAD_PREFIX);
        } finally {
            work.dispose();
        }
    }

    private static CreditcastProperties properties(int ioThreads, int workThreads) {
        return WebProperties.of(null, new CreditcastProperties.Http(ioThreads, workThreads, 0));
    }
}
