package io.creditcast.query.ledger;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.projection.PgChannel;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Committed wallet balance changes, as announced by the ledger projection with {@code pg_notify} on
 * {@link LedgerProjection#BALANCE_CHANNEL} (one {@link PgChannel} per instance).
 *
 * <p>A follower first gets a {@link Resync} once the LISTEN is in effect (and again after every reconnect):
 * only from then on is no change missed, so that is when to read the current balance. Reading it before
 * (as the live balance stream once did) lost a change committed between that read and the LISTEN.
 */
@Component
public class BalanceNotifications {
    /** What a follower of one wallet receives. */
    public sealed interface Update permits Resync, BalanceChanged {}

    /** Listening (again): changes before this may have been missed; read the current balance now. */
    public record Resync() implements Update {}

    public record BalanceChanged(String walletId, long balanceMinor) implements Update {}

    private static final Resync RESYNC = new Resync();

    private final PgChannel channel;

    public BalanceNotifications(QueryProperties properties) {
        this.channel = new PgChannel(properties, LedgerProjection.BALANCE_CHANNEL);
    }

    /**
     * One wallet's changes, starting with a {@link Resync} as soon as (or, for a later follower, because)
     * the instance is listening. A follower may see two resyncs at the start; reading twice is harmless.
     */
    public Flux<Update> follow(String walletId) {
        return channel.subscribe()
                .concatMap(signal -> switch (signal) {
                    case PgChannel.Listening l -> Mono.<Update>just(RESYNC);
                    case PgChannel.Notice n -> Mono.<Update>justOrEmpty(parse(n.payload()));
                })
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
