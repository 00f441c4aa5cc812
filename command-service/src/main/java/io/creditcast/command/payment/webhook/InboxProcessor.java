package io.creditcast.command.payment.webhook;

import io.creditcast.command.payment.PaymentProperties;
import io.creditcast.command.payment.webhook.WebhookInbox.InboxEvent;
import io.creditcast.command.payment.webhook.WebhookInbox.Status;
import io.creditcast.command.web.ProblemHandler;
import io.creditcast.ledger.account.LedgerRejection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Processes the webhook inbox on one background thread: claims due events oldest first, hands each
 * to its provider's handler, and records the outcome. Events that cannot apply yet are parked and
 * retried with exponential backoff (and woken early when a payment succeeds); failures are retried
 * up to {@code max-attempts}, then kept as DEAD. Starts with the application, so events
 * acknowledged before a crash are processed at the next start.
 */
@Component
public class InboxProcessor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);

    private final WebhookInbox inbox;
    private final PaymentProperties.Inbox config;
    private final Map<String, ProviderEventHandler> handlers;
    private final Semaphore wakeUp = new Semaphore(0);
    /** How long stopping waits for the event in hand. */
    static final long STOP_GRACE_MS = 10_000;

    private volatile boolean running;
    private Thread worker;

    public InboxProcessor(WebhookInbox inbox, PaymentProperties properties, List<ProviderEventHandler> handlers) {
        this.inbox = inbox;
        this.config = properties.inbox();
        this.handlers =
                handlers.stream().collect(Collectors.toMap(ProviderEventHandler::provider, Function.identity()));
    }

    /** Called after an event was stored, so it is processed without waiting for the next poll. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            log.warn("webhook inbox processing is disabled on this instance");
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("webhook-inbox").daemon().start(this::loop);
    }

    /** Lets the event in hand finish (interrupting a command mid-way would only delay it by a lease). */
    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            wakeUp.release();
            try {
                worker.join(STOP_GRACE_MS);
                if (worker.isAlive()) {
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                int n = drainOnce();
                if (n == 0) {
                    wakeUp.tryAcquire(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("webhook inbox poll failed; retrying", e);
                sleepQuietly(config.pollIntervalMs());
            }
        }
    }

    /** Processes one batch of due events; answers how many were claimed. */
    public int drainOnce() {
        List<InboxEvent> due = inbox.claimDue(config.batchSize(), Duration.ofMillis(config.leaseMs()));
        for (InboxEvent e : due) {
            if (running || !config.enabled()) {
                process(e);
            } else {
                inbox.release(e); // stopping: hand the rest back at once instead of after the lease
            }
        }
        return due.size();
    }

    private void process(InboxEvent e) {
        ProviderEventHandler handler = handlers.get(e.provider());
        Handled outcome;
        try {
            outcome = handler == null
                    ? new Handled.Ignored("no handler for provider " + e.provider())
                    : handler.understands(e.eventType())
                            ? handler.handle(e.eventType(), e.payload())
                            : new Handled.Ignored("unhandled type " + e.eventType());
        } catch (RuntimeException ex) {
            // retried (up to max-attempts, then DEAD): a ledger refusal can be a race between two
            // instances computing from the same payment row, and the retry recomputes from fresh state
            Throwable cause = ProblemHandler.unwrap(ex);
            outcome = cause instanceof LedgerRejection r
                    ? new Handled.Later("ledger refused: " + r.reason() + " " + r.getMessage())
                    : new Handled.Later("failed: " + cause);
            log.debug("webhook event {} {} failed, will retry", e.provider(), e.eventId(), ex);
        }
        switch (outcome) {
            case Handled.Done d -> inbox.finish(e, Status.PROCESSED, d.note());
            case Handled.Ignored i -> inbox.finish(e, Status.IGNORED, i.note());
            case Handled.Rejected r -> {
                log.error("webhook event {} {} rejected: {}", e.provider(), e.eventId(), r.reason());
                inbox.finish(e, Status.DEAD, r.reason());
            }
            case Handled.Later l -> {
                if (e.attempts() >= config.maxAttempts()) {
                    log.error(
                            "webhook event {} {} gave up after {} attempts: {}",
                            e.provider(),
                            e.eventId(),
                            e.attempts(),
                            l.reason());
                    inbox.finish(e, Status.DEAD, l.reason());
                } else {
                    inbox.park(e, backoff(e.attempts()), l.reason());
                }
            }
        }
    }

    /** retryBase * 2^(attempts-1), capped at retryMax. */
    Duration backoff(int attempts) {
        long delay = config.retryBaseMs() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(delay, config.retryMaxMs()));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void purgeExpired() {
        int n = inbox.purgeOlderThan(Duration.ofDays(config.retentionDays()));
        if (n > 0) {
            log.info("purged {} webhook events older than {} days", n, config.retentionDays());
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
