-- Payments (issue 4): price list, FX table, payments and their refunds/disputes, and the durable
-- webhook inbox. Money in integer minor units of the payment currency; credits in credits.

-- How many credits one major unit of a currency buys (USD primary). A price without explicit
-- credits gets amount_minor * credits_per_major_unit / 10^minor_digits.
CREATE TABLE fx_rate (
    currency              CHAR(3)     PRIMARY KEY CHECK (currency ~ '^[A-Z]{3}$'),
    credits_per_major_unit BIGINT     NOT NULL CHECK (credits_per_major_unit > 0),
    minor_digits          SMALLINT    NOT NULL CHECK (minor_digits BETWEEN 0 AND 3),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO fx_rate (currency, credits_per_major_unit, minor_digits) VALUES ('USD', 100, 2);

-- The admin-managed price list: one row per product code, updated in place.
CREATE TABLE price (
    price_id     VARCHAR(64)  PRIMARY KEY,
    product_code VARCHAR(64)  NOT NULL UNIQUE,
    credits      BIGINT       NOT NULL CHECK (credits > 0),
    amount_minor BIGINT       NOT NULL CHECK (amount_minor > 0),
    currency     CHAR(3)      NOT NULL REFERENCES fx_rate (currency),
    active       BOOLEAN      NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One checkout. The payment id is the wallet deposit's key; (user_id, idempotency_key) makes the
-- checkout request itself idempotent.
CREATE TABLE payment (
    seq                   BIGSERIAL    UNIQUE,
    payment_id            VARCHAR(64)  PRIMARY KEY,
    user_id               VARCHAR(128) NOT NULL,
    idempotency_key       VARCHAR(255) NOT NULL,
    request_hash          CHAR(64)     NOT NULL,
    price_id              VARCHAR(64)  NOT NULL REFERENCES price (price_id),
    product_code          VARCHAR(64)  NOT NULL,
    credits               BIGINT       NOT NULL CHECK (credits > 0),
    amount_minor          BIGINT       NOT NULL CHECK (amount_minor > 0),
    currency              CHAR(3)      NOT NULL,
    provider              VARCHAR(32)  NOT NULL,
    provider_ref          VARCHAR(255) NOT NULL,
    provider_payment_ref  VARCHAR(255),
    provider_charge_ref   VARCHAR(255),
    checkout_url          TEXT,
    status                VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED')),
    failure_reason        VARCHAR(500),
    refunded_amount_minor BIGINT       NOT NULL DEFAULT 0,
    refunded_credits      BIGINT       NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    succeeded_at          TIMESTAMPTZ,
    UNIQUE (user_id, idempotency_key),
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payment_user_seq ON payment (user_id, seq DESC);
CREATE INDEX payment_status_seq ON payment (status, seq DESC);
CREATE INDEX payment_provider_payment_ref ON payment (provider, provider_payment_ref);
CREATE INDEX payment_provider_charge_ref ON payment (provider, provider_charge_ref);

-- Refunds and disputes of a payment, as the provider reported them.
CREATE TABLE payment_adjustment (
    adjustment_id VARCHAR(255) PRIMARY KEY,
    payment_id    VARCHAR(64)  NOT NULL REFERENCES payment (payment_id),
    kind          VARCHAR(16)  NOT NULL CHECK (kind IN ('REFUND', 'DISPUTE')),
    status        VARCHAR(16)  NOT NULL CHECK (status IN ('POSTED', 'OPEN', 'WON', 'LOST')),
    amount_minor  BIGINT       NOT NULL CHECK (amount_minor > 0),
    credits       BIGINT       NOT NULL CHECK (credits >= 0),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX payment_adjustment_payment ON payment_adjustment (payment_id);

-- Durable webhook inbox: a verified event is inserted here (deduplicated on provider + event id)
-- before the 2xx, and processed from here with retries. Rows are kept at least 30 days.
CREATE TABLE webhook_inbox (
    seq             BIGSERIAL    UNIQUE,
    provider        VARCHAR(32)  NOT NULL,
    event_id        VARCHAR(255) NOT NULL,
    event_type      VARCHAR(128) NOT NULL,
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('RECEIVED', 'PARKED', 'PROCESSED', 'IGNORED', 'DEAD')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    locked_until    TIMESTAMPTZ,
    last_error      VARCHAR(1000),
    received_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    processed_at    TIMESTAMPTZ,
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX webhook_inbox_due ON webhook_inbox (next_attempt_at, seq) WHERE status IN ('RECEIVED', 'PARKED');
CREATE INDEX webhook_inbox_received_at ON webhook_inbox (received_at);
