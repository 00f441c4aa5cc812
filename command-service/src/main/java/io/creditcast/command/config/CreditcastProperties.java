package io.creditcast.command.config;

import io.creditcast.ledger.account.FeePolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Typed configuration; defaults are written in application.yml. */
@ConfigurationProperties("creditcast")
public record CreditcastProperties(
        Security security,
        Fees fees,
        Metering metering,
        Payouts payouts,
        Commands commands,
        Settlement settlement,
        EventStore eventStore,
        Limits limits,
        Admission admission,
        Http http) {

    public record Security(String mode) {}

    public record Fees(int platformFeeBps) {
        public FeePolicy policy() {
            return new FeePolicy(platformFeeBps);
        }
    }

    public record Metering(long intervalMs, int maxBatchSize, int queueCapacity, int batchWorkers) {}

    public record Payouts(long secondApprovalAboveMinor) {}

    public record Commands(int threads, int queueCapacity, long timeoutMs) {}

    public record Settlement(boolean enabled, long intervalMs, int maxEventsPerRun) {}

    public record EventStore(int snapshotEveryEvents, int cachedAggregatesPerType) {}

    public record Limits(long maxAmountMinor) {}

    /**
     * Admission control ({@code io.creditcast.command.web.AdmissionFilter}, {@code CommandSender}): API requests
     * worked on at once, and how long a request may wait for a command thread or a metering batch before it is
     * answered 503 without being done.
     */
    public record Admission(int maxInFlight, long maxQueueWaitMs) {
        public Admission {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("creditcast.admission.max-in-flight must be at least 1");
            }
            if (maxQueueWaitMs < 1) {
                throw new IllegalArgumentException("creditcast.admission.max-queue-wait-ms must be at least 1");
            }
        }
    }

    /**
     * The HTTP server's threads ({@code io.creditcast.command.web.HttpServerLoops}): {@code ioThreads} I/O event
     * loops (0: Reactor Netty's default, max(4, cores)) plus one thread that only accepts connections, and
     * {@code workThreads} threads that work on admitted API requests off the I/O loops (0: max(4, cores)) once
     * more than {@code offloadAboveInFlight} are in flight (below that the loops keep up and a hand-over would
     * only cost; 0: always).
     */
    public record Http(int ioThreads, int workThreads, int offloadAboveInFlight) {
        public Http {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("creditcast.http.io-threads must be 0 (default) or more");
            }
            if (workThreads < 0) {
                throw new IllegalArgumentException("creditcast.http.work-threads must be 0 (default) or more");
            }
            if (offloadAboveInFlight < 0) {
                throw new IllegalArgumentException("creditcast.http.offload-above-in-flight must be 0 or more");
            }
        }
    }
}
