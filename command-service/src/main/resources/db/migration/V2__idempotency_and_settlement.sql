-- Idempotency keys of money-moving HTTP requests, written in the same transaction as the events.
CREATE TABLE idempotency_key (
    principal    VARCHAR(128)  NOT NULL,
    key          VARCHAR(255)  NOT NULL,
    scope        VARCHAR(128)  NOT NULL,
    request_hash CHAR(64)      NOT NULL,
    result_type  VARCHAR(255)  NOT NULL,
    result_json  TEXT          NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);

-- Batched settlement of creator income: each run covers a fixed range of the global event index.
CREATE TABLE settlement_run (
    run_number         BIGINT      PRIMARY KEY,
    from_index_excl    BIGINT      NOT NULL,
    to_index_incl      BIGINT      NOT NULL,
    status             VARCHAR(16) NOT NULL CHECK (status IN ('PLANNED', 'DONE')),
    creators           INTEGER,
    events             BIGINT,
    planned_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at            TIMESTAMPTZ,
    CHECK (to_index_incl > from_index_excl)
);

-- The highest global index seen at the previous settlement tick: the next run stops there, so
-- transactions still in flight at a tick (which may commit lower indexes late) are never skipped.
CREATE TABLE settlement_watermark (
    id                 SMALLINT PRIMARY KEY CHECK (id = 1),
    observed_max_index BIGINT   NOT NULL
);
INSERT INTO settlement_watermark (id, observed_max_index) VALUES (1, 0);
