package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import java.util.List;

/** The projections (one tracking processor each) and the tables each one owns. */
public final class Projections {
    public static final String LEDGER = "ledger";
    public static final String EARNINGS = "earnings";
    public static final String ANALYTICS = "analytics";
    public static final String DISCOVERY = "discovery";

    public static final List<String> NAMES = List.of(LEDGER, EARNINGS, ANALYTICS, DISCOVERY);

    private Projections() {}

    public static List<String> enabled(QueryProperties properties) {
        return properties.elasticsearch().enabled() ? NAMES : List.of(LEDGER, EARNINGS, ANALYTICS);
    }
}
