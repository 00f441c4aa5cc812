-- Once-only record for additive rows fed by many aggregates (creator_earnings_day, creator_tip_minute).
-- Their events can arrive out of global-index order (a slow command-side transaction fills its gap late),
-- so a "newer index only" guard would drop such an event; instead each (table, event) is applied once.
CREATE TABLE read.applied_event (
    target       VARCHAR(64) NOT NULL,
    global_index BIGINT      NOT NULL,
    PRIMARY KEY (target, global_index)
);
