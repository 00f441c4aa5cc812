package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import java.util.List;
import org.axonframework.eventhandling.EventTrackerStatus;

/** The projections (one tracking processor each) and the tables each one owns. */
public final class Projections {
    public static final String LEDGER = "ledger";
    public static final String EARNINGS = "earnings";
    public static final String ANALYTICS = "analytics";
    public static final String DISCOVERY = "discovery";

    public static final List<String> NAMES = List.of(LEDGER, EARNINGS, ANALYTICS, DISCOVERY);

    private Projections() {}

    /**
     * A replay is in progress until the processor has handled the position the store had at the reset.
     * (Axon keeps its replay flag until an event beyond that position arrives, which a quiet store never
     * delivers.)
     */
    public static boolean replayInProgress(EventTrackerStatus status) {
        if (!status.isReplaying()) {
            return false;
        }
        long reset = status.getResetPosition().orElse(Long.MAX_VALUE);
        long current = status.getCurrentPosition().orElse(-1);
        return current < reset;
    }

    public static List<String> enabled(QueryProperties properties) {
        return properties.elasticsearch().enabled() ? NAMES : List.of(LEDGER, EARNINGS, ANALYTICS);
    }
}
