package io.creditcast.command.web;

import io.creditcast.command.config.CreditcastProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server's threads: connections accepted on a thread that does nothing else, I/O event loops that
 * read, admit or shed and write, and a separate pool that works on admitted API requests.
 *
 * <p>Found with the reliability harness's overload campaign (2026-12-04), which sampled the sockets while it
 * offered twice the target load from 4,000 connections:
 *
 * <ol>
 *   <li>By default Reactor Netty accepts connections on one of its I/O loops. That loop was busy with its own
 *       connections' requests, so the listening socket's accept queue held 3,000–3,900 connected clients (of
 *       its 4,096) for ten seconds, their requests unread, while the service worked through the ~120
 *       connections it had accepted. Those requests never reached {@link AdmissionFilter}: neither worked on
 *       nor shed, their clients timed out (4,000–5,800 unanswered requests per run).
 *   <li>With a dedicated acceptor every connection was accepted at once, but then the I/O loops ran the whole
 *       request (security, JSON, the controller, the answer) for 4,000 connections: 1,500–3,800 connections'
 *       requests sat unread in their sockets and the health endpoint, sharing the loops, answered after up to
 *       5.5 s.
 *   <li>With admitted requests worked on by {@link #apiWorkScheduler} (the loops only read, admit or shed, and
 *       write), every request was answered or shed (503) within the client's timeout and health stayed within
 *       its deadline.
 * </ol>
 *
 * <p>Spring Boot binds the server on the {@link ReactorResourceFactory}'s loops (a server customizer's
 * {@code runOn} is overridden), so this replaces that factory with this application's own loops rather than
 * Reactor Netty's global ones. The factory is a lifecycle bean: its loops are released after the server has
 * stopped.
 */
@Configuration(proxyBeanMethods = false)
public class HttpServerLoops {
    /** Threads that accept connections (and do nothing else). */
    static final int ACCEPT_THREADS = 1;

    static final String THREAD_PREFIX = "creditcast-http";
    static final String WORK_THREAD_PREFIX = "api-work";

    @Bean
    ReactorResourceFactory reactorResourceFactory(CreditcastProperties properties) {
        int io = ioThreads(properties.http());
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(() -> LoopResources.create(THREAD_PREFIX, ACCEPT_THREADS, io, true));
        factory.setShutdownQuietPeriod(Duration.ZERO);
        factory.setShutdownTimeout(Duration.ofSeconds(5));
        return factory;
    }

    /**
     * Where admitted API requests are worked on ({@link AdmissionFilter}); non-blocking threads like the loops
     * (blocking work has its own pools: commands, metering batches). Bounded by the admission limit: at most
     * {@code creditcast.admission.max-in-flight} requests are queued or running here.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler apiWorkScheduler(CreditcastProperties properties) {
        return Schedulers.newParallel(WORK_THREAD_PREFIX, workThreads(properties.http()), true);
    }

    static int ioThreads(CreditcastProperties.Http http) {
        return http != null && http.ioThreads() > 0 ? http.ioThreads() : LoopResources.DEFAULT_IO_WORKER_COUNT;
    }

    static int workThreads(CreditcastProperties.Http http) {
        return http != null && http.workThreads() > 0
                ? http.workThreads()
                : Math.max(4, Runtime.getRuntime().availableProcessors());
    }
}
