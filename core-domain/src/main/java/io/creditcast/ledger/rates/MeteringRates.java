package io.creditcast.ledger.rates;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The metering rate card: credits per interval by creator, else by category, else the default
 * (1 credit per interval). A single aggregate, changed rarely by admins and read when a session starts.
 */
public class MeteringRates {
    public static final String RATE_CARD_ID = "metering-rates";
    public static final Credits DEFAULT_RATE = Credits.of(1);
    public static final long MAX_RATE_MINOR = 10_000;

    public enum Scope {
        CREATOR,
        CATEGORY
    }

    public record SetMeteringRate(
            @TargetAggregateIdentifier String rateCardId, Scope scope, String key, Credits rate, UserId actor) {
        public SetMeteringRate {
            Objects.requireNonNull(rateCardId, "rateCardId");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(actor, "actor");
            if (rate.isZero() || rate.minor() > MAX_RATE_MINOR) {
                throw new IllegalArgumentException("rate must be 1.." + MAX_RATE_MINOR + " credits per interval");
            }
        }
    }

    /** A fact that an admin set the rate for a creator or a category. */
    public record MeteringRateSet(
            String rateCardId, Scope scope, String key, Credits rate, UserId actor, Instant occurredAt) {}

    @AggregateIdentifier
    private String rateCardId;

    private Map<String, Credits> byCreator = new HashMap<>();
    private Map<String, Credits> byCategory = new HashMap<>();

    protected MeteringRates() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SetMeteringRate cmd) {
        Map<String, Credits> current = cmd.scope() == Scope.CREATOR ? byCreator : byCategory;
        if (cmd.rate().equals(current.get(cmd.key()))) {
            return;
        }
        apply(new MeteringRateSet(
                cmd.rateCardId(),
                cmd.scope(),
                cmd.key(),
                cmd.rate(),
                cmd.actor(),
                GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(MeteringRateSet e) {
        rateCardId = e.rateCardId();
        (e.scope() == Scope.CREATOR ? byCreator : byCategory).put(e.key(), e.rate());
    }

    /** Creator rate first, then category, then {@link #DEFAULT_RATE}. */
    public Credits rateFor(UserId creator, String category) {
        Credits rate = byCreator.get(creator.value());
        if (rate == null) {
            rate = byCategory.get(category);
        }
        return rate == null ? DEFAULT_RATE : rate;
    }
}
