-- Live chat (issue 8): messages, the moderation audit trail, follows and notifications.

-- Every accepted chat message; deleted ones are kept (and hidden) for the audit trail.
CREATE TABLE chat_messages (
    id            BIGSERIAL    PRIMARY KEY,
    stream_id     VARCHAR(200) NOT NULL,
    user_id       VARCHAR(128) NOT NULL,
    text          TEXT         NOT NULL,
    highlighted   BOOLEAN      NOT NULL DEFAULT FALSE,
    paid_minor    BIGINT       NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
    client_msg_id VARCHAR(64),
    sent_at       TIMESTAMPTZ  NOT NULL,
    deleted_at    TIMESTAMPTZ,
    deleted_by    VARCHAR(128),
    CHECK (char_length(text) BETWEEN 1 AND 2000)
);
CREATE INDEX chat_messages_stream_recent ON chat_messages (stream_id, id DESC) WHERE deleted_at IS NULL;
-- a client's retry of the same message (same client_msg_id) is the same message
CREATE UNIQUE INDEX chat_messages_client_id ON chat_messages (stream_id, user_id, client_msg_id)
    WHERE client_msg_id IS NOT NULL;

-- One row per moderation event (actor, target, reason), keyed by the event id; rebuildable by replay.
CREATE TABLE chat_moderation_audit (
    id          BIGSERIAL    PRIMARY KEY,
    event_id    VARCHAR(255) NOT NULL UNIQUE,
    stream_id   VARCHAR(200) NOT NULL,
    action      VARCHAR(32)  NOT NULL,
    actor_id    VARCHAR(128) NOT NULL,
    target      VARCHAR(200) NOT NULL,
    reason      VARCHAR(500) NOT NULL,
    detail      VARCHAR(500),
    occurred_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX chat_moderation_audit_stream ON chat_moderation_audit (stream_id, id DESC);

CREATE TABLE creator_follows (
    follower_id VARCHAR(128) NOT NULL,
    creator_id  VARCHAR(128) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, creator_id),
    CHECK (follower_id <> creator_id)
);
CREATE INDEX creator_follows_creator ON creator_follows (creator_id);

CREATE TABLE notifications (
    id         BIGSERIAL    PRIMARY KEY,
    user_id    VARCHAR(128) NOT NULL,
    kind       VARCHAR(32)  NOT NULL,
    creator_id VARCHAR(128),
    stream_id  VARCHAR(200),
    title      VARCHAR(300),
    created_at TIMESTAMPTZ  NOT NULL,
    read_at    TIMESTAMPTZ,
    -- a fact delivered twice notifies once
    UNIQUE (user_id, kind, stream_id)
);
CREATE INDEX notifications_user_recent ON notifications (user_id, id DESC);
