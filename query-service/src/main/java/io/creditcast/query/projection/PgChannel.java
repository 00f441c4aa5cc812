package io.creditcast.query.projection;

import io.creditcast.query.config.PersistenceConfiguration;
import io.creditcast.query.config.QueryProperties;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One PostgreSQL {@code LISTEN} channel a projection announces committed changes on ({@code pg_notify} in
 * the projection's transaction, so a notice is only ever heard for a change that is committed). One
 * listening connection per instance and channel, opened on the first subscriber and closed after the
 * last, reopened with backoff (1 s to 30 s) when it breaks. Works across instances: whichever instance
 * projects, every instance hears it.
 *
 * <p>A subscriber first gets {@link Listening} once the LISTEN is in effect (and again after every
 * reconnect): changes before it may have been missed, so that is the moment to read the current state.
 */
public final class PgChannel {
    private static final Logger log = LoggerFactory.getLogger(PgChannel.class);

    public static final Duration RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration RECONNECT_MAX = Duration.ofSeconds(30);

    /** What a subscriber receives. */
    public sealed interface Signal permits Listening, Notice {}

    /** Listening (again): read the current state now. */
    public record Listening() implements Signal {}

    /** One notification's payload. */
    public record Notice(String payload) implements Signal {}

    public static final Listening LISTENING = new Listening();

    private final Flux<Signal> signals;
    private volatile boolean listening;

    public PgChannel(QueryProperties properties, String channel) {
        if (!channel.matches("[a-z_]{1,63}")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        var factory = PersistenceConfiguration.postgres(properties);
        this.signals = Flux.usingWhen(
                        factory.create(),
                        (PostgresqlConnection c) -> c.createStatement("LISTEN " + channel)
                                .execute()
                                .flatMap(PostgresqlResult::getRowsUpdated)
                                .then(Mono.fromRunnable(() -> listening = true))
                                .thenMany(Flux.concat(
                                        Mono.<Signal>just(LISTENING),
                                        c.getNotifications()
                                                .flatMap(n -> Mono.justOrEmpty(n.getParameter()))
                                                .map(Notice::new))),
                        PostgresqlConnection::close)
                .doFinally(signal -> listening = false)
                .doOnError(e -> log.warn("{} notifications interrupted, reconnecting: {}", channel, e.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, RECONNECT_MIN).maxBackoff(RECONNECT_MAX))
                .share();
    }

    /**
     * The channel's signals, starting with {@link Listening} as soon as (or, for a later subscriber,
     * because) the instance is listening. A subscriber may see two at the start; reading twice is harmless.
     */
    public Flux<Signal> subscribe() {
        // subscribe to the shared flux first, then look at the flag: a LISTEN completing in between is seen
        // through the shared flux, one completed before through the flag
        return Flux.merge(signals, Mono.fromCallable(() -> listening ? LISTENING : null));
    }
}
