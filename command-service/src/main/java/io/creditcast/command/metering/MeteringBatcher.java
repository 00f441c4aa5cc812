package io.creditcast.command.metering;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.ledger.wallet.WalletCommands.DebitMeteredInterval;
import io.creditcast.ledger.wallet.WalletResults.MeterOutcome;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Group commit for metering pings. Pings that arrive together are handled in one Axon
 * {@link BatchingUnitOfWork}: each runs the wallet's own command handler (guards, events) as usual,
 * but all their events are appended in one database transaction. Each caller is answered only after
 * its batch is durable. A rejected ping (insufficient credits…) writes nothing and does not roll back
 * its neighbours; a failed batch is retried one ping at a time, which is safe because a ping is
 * idempotent by (session, interval). Pings are partitioned by wallet across the workers ({@link #workerOf}).
 */
@Component
public class MeteringBatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MeteringBatcher.class);
    private static final RollbackConfiguration ROLLBACK_ON_FAILURES_ONLY =
            e -> !(e instanceof LedgerRejection) && !(e instanceof AggregateNotFoundException);

    private record Pending(
            CommandMessage<DebitMeteredInterval> message, CompletableFuture<MeterOutcome> reply, long queuedAtNanos) {}

    /** One queue per worker; a wallet's pings always go to the same one ({@link #workerOf}). */
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();

    private final int maxBatchSize;
    private final long maxQueueWaitNanos;
    private final int workers;
    private final Configuration axon;
    private final TransactionManager transactionManager;
    private final DistributionSummary batchSizes;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private Repository<Wallet> wallets;

    public MeteringBatcher(
            CreditcastProperties properties,
            Configuration axon,
            TransactionManager transactionManager,
            MeterRegistry meters) {
        var m = properties.metering();
        for (int i = 0; i < m.batchWorkers(); i++) {
            queues.add(new ArrayBlockingQueue<>(Math.max(1, m.queueCapacity() / m.batchWorkers())));
        }
        this.maxBatchSize = m.maxBatchSize();
        this.maxQueueWaitNanos =
                TimeUnit.MILLISECONDS.toNanos(properties.admission().maxQueueWaitMs());
        this.workers = m.batchWorkers();
        this.axon = axon;
        this.transactionManager = transactionManager;
        this.batchSizes = DistributionSummary.builder("creditcast.metering.batch.size")
                .description("pings committed per transaction")
                .register(meters);
        meters.gauge("creditcast.metering.queue.depth", queues, q -> q.stream()
                .mapToInt(BlockingQueue::size)
                .sum());
    }

    /** Queues a ping; fails fast with 503 when the queue is full (an explicit, documented limit). */
    public CompletableFuture<MeterOutcome> submit(DebitMeteredInterval command) {
        var pending = new Pending(
                GenericCommandMessage.asCommandMessage(command), new CompletableFuture<>(), System.nanoTime());
        if (!running
                || !queues.get(workerOf(command.walletId().value(), workers)).offer(pending)) {
            pending.reply.completeExceptionally(new ApiException(
                    ProblemTypes.OVERLOADED,
                    "metering queue is full; retry the same ping shortly",
                    List.of(),
                    Map.of("retry_after_s", 1)));
        }
        return pending.reply;
    }

    /**
     * The worker that handles a wallet's pings. Partitioning by wallet means two batches never hold the same
     * wallet: without it, each of the two workers' open batches locked wallets the other one wanted next; under
     * overload (2026-12-04) they deadlocked, a batch of 249 pings was rolled back and retried one ping at a time,
     * and its callers waited up to 9.8 s. It also keeps one wallet's pings in the order they arrived.
     */
    static int workerOf(String walletId, int workers) {
        return Math.floorMod(walletId.hashCode(), workers);
    }

    private void runWorker(BlockingQueue<Pending> queue) {
        List<Pending> batch = new ArrayList<>(maxBatchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatchSize - 1);
                shedStale(batch);
                if (!batch.isEmpty()) {
                    process(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("metering batch failed unexpectedly", e);
                batch.forEach(p -> p.reply.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Answers 503 for pings that waited longer than {@code creditcast.admission.max-queue-wait-ms} without
     * debiting them: their callers have likely given up, and working them off would only delay the fresh ones.
     * The same ping sent again is debited once (idempotent by session and interval).
     */
    private void shedStale(List<Pending> batch) {
        long now = System.nanoTime();
        batch.removeIf(p -> {
            long waitedNanos = now - p.queuedAtNanos;
            if (waitedNanos <= maxQueueWaitNanos) {
                return false;
            }
            p.reply.completeExceptionally(new ApiException(
                    ProblemTypes.OVERLOADED,
                    "the ping waited " + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms for a metering batch (limit "
                            + TimeUnit.NANOSECONDS.toMillis(maxQueueWaitNanos) + " ms) and was not debited;"
                            + " retry the same ping",
                    List.of(),
                    Map.of("retry_after_s", 1)));
            return true;
        });
    }

    private void process(List<Pending> batch) {
        try {
            commit(batch);
            batchSizes.record(batch.size());
        } catch (Exception batchFailure) {
            if (batch.size() == 1) {
                batch.get(0).reply.completeExceptionally(batchFailure);
                return;
            }
            log.warn(
                    "metering batch of {} failed ({}, cause: {}); retrying one by one",
                    batch.size(),
                    batchFailure.toString(),
                    String.valueOf(batchFailure.getCause()));
            for (Pending p : batch) {
                try {
                    commit(List.of(p));
                } catch (Exception single) {
                    p.reply.completeExceptionally(single);
                }
            }
        }
    }

    private void commit(List<Pending> batch) throws Exception {
        List<CommandMessage<?>> messages = new ArrayList<>(batch.size());
        batch.forEach(p -> messages.add(p.message));
        Map<CommandMessage<?>, Pending> byMessage = new java.util.IdentityHashMap<>();
        batch.forEach(p -> byMessage.put(p.message, p));
        Map<Pending, Object> results = new java.util.IdentityHashMap<>();

        BatchingUnitOfWork<CommandMessage<?>> uow = new BatchingUnitOfWork<>(messages);
        uow.attachTransaction(transactionManager);
        // answering runs the caller's whole reactive continuation (response encoding, writing); hand it
        // to the CPU workers so this thread can start committing the next batch at once
        uow.afterCommit(u ->
                results.forEach((pending, result) -> Schedulers.parallel().schedule(() -> reply(pending, result))));
        uow.executeWithResult(
                () -> {
                    CommandMessage<?> message =
                            (CommandMessage<?>) CurrentUnitOfWork.get().getMessage();
                    Pending pending = byMessage.get(message);
                    DebitMeteredInterval cmd = (DebitMeteredInterval) message.getPayload();
                    try {
                        Object outcome = wallets().load(cmd.walletId().value()).handle(message);
                        results.put(pending, outcome);
                        return outcome;
                    } catch (LedgerRejection | AggregateNotFoundException rejection) {
                        results.put(pending, rejection);
                        throw rejection;
                    }
                },
                ROLLBACK_ON_FAILURES_ONLY);
        if (uow.isRolledBack()) {
            throw new IllegalStateException(
                    "metering batch rolled back", uow.getExecutionResult().getExceptionResult());
        }
    }

    private static void reply(Pending pending, Object result) {
        if (result instanceof Throwable t) {
            pending.reply.completeExceptionally(t);
        } else {
            pending.reply.complete((MeterOutcome) result);
        }
    }

    private Repository<Wallet> wallets() {
        if (wallets == null) {
            wallets = axon.repository(Wallet.class);
        }
        return wallets;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            BlockingQueue<Pending> queue = queues.get(i);
            Thread t =
                    Thread.ofPlatform().name("metering-batch-" + i).daemon(true).start(() -> runWorker(queue));
            threads.add(t);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        for (BlockingQueue<Pending> queue : queues) {
            Pending p;
            while ((p = queue.poll()) != null) {
                p.reply.completeExceptionally(new ApiException(ProblemTypes.OVERLOADED, "shutting down; retry"));
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000; // stops before Axon and the datasource
    }
}
