-- ---- projection "earnings": payouts ------------------------------------------------------------
-- One row per payout request, its current state (the approval queue of the admin console). A payout's
-- events come from one Earnings aggregate, in order, so "newer global index only" is a safe guard here.
CREATE TABLE read.payout (
    payout_id          VARCHAR(300) PRIMARY KEY,
    creator_id         VARCHAR(128) NOT NULL,
    amount_minor       BIGINT       NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    approvals          INTEGER      NOT NULL DEFAULT 0,
    last_approver      VARCHAR(128),
    provider_reference VARCHAR(300),
    failure_reason     VARCHAR(500),
    requested_at       TIMESTAMPTZ  NOT NULL,
    updated_at         TIMESTAMPTZ  NOT NULL,
    request_index      BIGINT       NOT NULL UNIQUE,
    last_global_index  BIGINT       NOT NULL
);
CREATE INDEX payout_status_queue ON read.payout (status, request_index);
CREATE INDEX payout_creator_queue ON read.payout (creator_id, request_index);
