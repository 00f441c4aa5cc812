package io.creditcast.query.ledger;

import io.creditcast.query.config.PersistenceConfiguration;
import io.creditcast.query.config.QueryProperties;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Committed wallet balance changes, as announced by the ledger projection with {@code pg_notify}. One
 * LISTEN connection per instance, opened on the first subscriber and closed after the last; reconnects
 * with backoff. Works across instances: whichever instance projects, every instance hears it.
 *
 * <p>A follower first gets a {@link Resync} once the LISTEN is in effect (and again after every reconnect):
 * only from then on is no change missed, so that is when to read the current balance. Reading it before
 * (as the live balance stream once did) lost a change committed between that read and the LISTEN.
 */
@Component
public class BalanceNotifications {
    private static final Logger log = LoggerFactory.getLogger(BalanceNotifications.class);

    /** What a follower of one wallet receives. */
    public sealed interface Update permits Resync, BalanceChanged {}

    /** Listening (again): changes before this may have been missed; read the current balance now. */
    public record Resync() implements Update {}

    public record BalanceChanged(String walletId, long balanceMinor) implements Update {}

    private static final Resync RESYNC = new Resync();

    private final Flux<Update> updates;
    private volatile boolean listening;

    public BalanceNotifications(QueryProperties properties) {
        var factory = PersistenceConfiguration.postgres(properties);
        this.updates = Flux.usingWhen(
                        factory.create(),
                        (PostgresqlConnection c) -> c.createStatement("LISTEN " + LedgerProjection.BALANCE_CHANNEL)
                                .execute()
                                .flatMap(PostgresqlResult::getRowsUpdated)
                                .then(Mono.fromRunnable(() -> listening = true))
                                .thenMany(Flux.concat(
                                        Mono.<Update>just(RESYNC),
                                        c.getNotifications().flatMap(n -> Mono.justOrEmpty(parse(n.getParameter()))))),
                        PostgresqlConnection::close)
                .doFinally(signal -> listening = false)
                .doOnError(e -> log.warn("balance notifications interrupted, reconnecting: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .share();
    }

    /**
     * One wallet's changes, starting with a {@link Resync} as soon as (or, for a later follower, because)
     * the instance is listening. A follower may see two resyncs at the start; reading twice is harmless.
     */
    public Flux<Update> follow(String walletId) {
        // subscribe to the shared flux first, then look at the flag: a LISTEN completing in between is seen
        // through the shared flux, one completed before through the flag
        return Flux.merge(updates, Mono.fromCallable(() -> listening ? RESYNC : null))
                .filter(u -> !(u instanceof BalanceChanged c) || c.walletId().equals(walletId));
    }

    static BalanceChanged parse(String payload) {
        if (payload == null) {
            return null;
        }
        int space = payload.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        try {
            return new BalanceChanged(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
