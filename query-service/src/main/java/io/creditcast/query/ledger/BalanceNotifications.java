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
 */
@Component
public class BalanceNotifications {
    private static final Logger log = LoggerFactory.getLogger(BalanceNotifications.class);

    public record BalanceChanged(String walletId, long balanceMinor) {}

    private final Flux<BalanceChanged> changes;

    public BalanceNotifications(QueryProperties properties) {
        var factory = PersistenceConfiguration.postgres(properties);
        this.changes = Flux.usingWhen(
                        factory.create(),
                        (PostgresqlConnection c) -> c.createStatement("LISTEN " + LedgerProjection.BALANCE_CHANNEL)
                                .execute()
                                .flatMap(PostgresqlResult::getRowsUpdated)
                                .thenMany(c.getNotifications()),
                        PostgresqlConnection::close)
                .flatMap(n -> Mono.justOrEmpty(parse(n.getParameter())))
                .doOnError(e -> log.warn("balance notifications interrupted, reconnecting: {}", e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .share();
    }

    public Flux<BalanceChanged> of(String walletId) {
        return changes.filter(c -> c.walletId().equals(walletId));
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
