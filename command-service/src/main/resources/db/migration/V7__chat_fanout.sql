-- Chat across instances (issue 8, scale): flood limits counted over every instance's accepted messages,
-- and room notices too large for a NOTIFY payload (8000 bytes), passed by reference.

-- the per-user rate limit counts a user's messages of the last window in every room
CREATE INDEX chat_messages_user_recent ON chat_messages (user_id, sent_at DESC);

CREATE TABLE chat_notice_overflow (
    id         BIGSERIAL   PRIMARY KEY,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chat_notice_overflow_created ON chat_notice_overflow (created_at);
