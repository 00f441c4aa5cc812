-- Indexes of the global event sequence that were missing when a settlement run was planned.
-- A BIGSERIAL hands out indexes before commit, so a transaction still in flight leaves a hole that
-- fills later (and a rolled-back one, or PostgreSQL's sequence prefetch after a crash, leaves a hole
-- for good). The run that finds the hole skips the index; a later run settles the event if it ever
-- appears (filled_by_run). Every income event is therefore settled exactly once, however late it commits.
CREATE TABLE settlement_gap (
    gap_index       BIGINT      PRIMARY KEY,
    recorded_by_run BIGINT      NOT NULL REFERENCES settlement_run (run_number),
    filled_by_run   BIGINT      REFERENCES settlement_run (run_number),
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX settlement_gap_open ON settlement_gap (gap_index) WHERE filled_by_run IS NULL;
CREATE INDEX settlement_gap_filled ON settlement_gap (filled_by_run) WHERE filled_by_run IS NOT NULL;

-- A run may consist only of late events (no new range): allow an empty range.
ALTER TABLE settlement_run DROP CONSTRAINT settlement_run_check;
ALTER TABLE settlement_run ADD CONSTRAINT settlement_run_range CHECK (to_index_incl >= from_index_excl);
