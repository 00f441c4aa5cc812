-- Read models of the query service, in their own schema. Every row is derived from events alone (no
-- wall-clock columns), so a replay rebuilds identical content. Aggregated rows carry the global index of
-- the last event applied and only move forward (idempotent under redelivery).

-- Axon tracking tokens, one row per processor (and segment).
CREATE TABLE read.tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);

-- ---- projection "ledger" ----------------------------------------------------------------------
-- One row per posting leg of every money event, in global-index order.
CREATE TABLE read.journal (
    global_index   BIGINT       NOT NULL,
    leg            SMALLINT     NOT NULL,
    transaction_id VARCHAR(255) NOT NULL,
    entry_type     VARCHAR(32)  NOT NULL,
    reference      VARCHAR(300) NOT NULL,
    account_id     VARCHAR(160) NOT NULL,
    amount_minor   BIGINT       NOT NULL,
    occurred_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (global_index, leg)
);
CREATE INDEX journal_account_order ON read.journal (account_id, global_index DESC, leg DESC);
CREATE INDEX journal_account_time ON read.journal (account_id, occurred_at) INCLUDE (amount_minor);
CREATE INDEX journal_time ON read.journal (occurred_at);
CREATE INDEX journal_reference ON read.journal (reference);
CREATE INDEX journal_transaction ON read.journal (transaction_id);

CREATE TABLE read.account_balance (
    account_id        VARCHAR(160) PRIMARY KEY,
    balance_minor     BIGINT       NOT NULL,
    entry_count       BIGINT       NOT NULL,
    last_global_index BIGINT       NOT NULL
);

CREATE TABLE read.wallet (
    wallet_id                VARCHAR(128) PRIMARY KEY,
    balance_minor            BIGINT       NOT NULL DEFAULT 0,
    flagged                  BOOLEAN      NOT NULL DEFAULT FALSE,
    rate_per_interval_minor  BIGINT,
    last_occurred_at         TIMESTAMPTZ  NOT NULL,
    last_global_index        BIGINT       NOT NULL
);

CREATE TABLE read.payment (
    payment_id   VARCHAR(255) PRIMARY KEY,
    provider     VARCHAR(64)  NOT NULL,
    wallet_id    VARCHAR(128) NOT NULL,
    amount_minor BIGINT       NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL
);

-- Money in and out through payment providers per UTC day.
CREATE TABLE read.revenue_day (
    day                        DATE        NOT NULL,
    provider                   VARCHAR(64) NOT NULL,
    deposits_minor             BIGINT      NOT NULL DEFAULT 0,
    deposit_count              BIGINT      NOT NULL DEFAULT 0,
    refunds_minor              BIGINT      NOT NULL DEFAULT 0,
    chargebacks_minor          BIGINT      NOT NULL DEFAULT 0,
    chargeback_reversals_minor BIGINT      NOT NULL DEFAULT 0,
    last_global_index          BIGINT      NOT NULL,
    PRIMARY KEY (day, provider)
);

-- ---- projection "earnings" --------------------------------------------------------------------
-- Creator income per UTC day and source (metering, tips, purchases). Metering is split into fee and
-- net at settlement, so its fee/net land on the settlement day.
CREATE TABLE read.creator_earnings_day (
    creator_id        VARCHAR(128) NOT NULL,
    day               DATE         NOT NULL,
    source            VARCHAR(16)  NOT NULL,
    gross_minor       BIGINT       NOT NULL DEFAULT 0,
    fee_minor         BIGINT       NOT NULL DEFAULT 0,
    net_minor         BIGINT       NOT NULL DEFAULT 0,
    entry_count       BIGINT       NOT NULL DEFAULT 0,
    last_global_index BIGINT       NOT NULL,
    PRIMARY KEY (creator_id, day, source)
);

-- ---- projection "analytics" -------------------------------------------------------------------
-- Media facts (live/ended, viewer counts) update status/went_live_at/ended_at/viewer_count when the
-- media issue's events exist.
CREATE TABLE read.stream (
    stream_id         VARCHAR(128) PRIMARY KEY,
    creator_id        VARCHAR(128) NOT NULL,
    title             VARCHAR(300) NOT NULL,
    category          VARCHAR(64)  NOT NULL,
    status            VARCHAR(16)  NOT NULL DEFAULT 'offline',
    viewer_count      INTEGER      NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ  NOT NULL,
    went_live_at      TIMESTAMPTZ,
    ended_at          TIMESTAMPTZ,
    last_global_index BIGINT       NOT NULL
);
CREATE INDEX stream_creator ON read.stream (creator_id);

CREATE TABLE read.viewing_session (
    session_id              VARCHAR(128) PRIMARY KEY,
    stream_id               VARCHAR(128) NOT NULL,
    viewer_id               VARCHAR(128) NOT NULL,
    creator_id              VARCHAR(128) NOT NULL,
    rate_per_interval_minor BIGINT       NOT NULL,
    interval_ms             BIGINT       NOT NULL,
    started_at              TIMESTAMPTZ  NOT NULL,
    interval_count          BIGINT       NOT NULL DEFAULT 0,
    watch_ms                BIGINT       NOT NULL DEFAULT 0,
    paid_minor              BIGINT       NOT NULL DEFAULT 0,
    last_interval_at        TIMESTAMPTZ,
    last_global_index       BIGINT       NOT NULL
);
CREATE INDEX viewing_session_stream ON read.viewing_session (stream_id, started_at);

-- Concurrent viewers: a session counts in every minute in which one of its intervals was paid.
CREATE TABLE read.stream_minute (
    stream_id  VARCHAR(128) NOT NULL,
    minute     TIMESTAMPTZ  NOT NULL,
    session_id VARCHAR(128) NOT NULL,
    PRIMARY KEY (stream_id, minute, session_id)
);

-- Tips per creator and minute; a stream's tips are the creator's tips while it had viewers.
CREATE TABLE read.creator_tip_minute (
    creator_id        VARCHAR(128) NOT NULL,
    minute            TIMESTAMPTZ  NOT NULL,
    tip_count         BIGINT       NOT NULL DEFAULT 0,
    tip_minor         BIGINT       NOT NULL DEFAULT 0,
    last_global_index BIGINT       NOT NULL,
    PRIMARY KEY (creator_id, minute)
);
