-- The media worker's latest ingest-health sample per stream (docs/media.md, "Ingest health"). Not an event: a
-- sample every few seconds per live stream moves no money and would flood the event store; only the latest is
-- kept, replaced in place, and only for the stream's current session.
CREATE TABLE stream_ingest_health (
    stream_id           VARCHAR(255)     PRIMARY KEY,
    ingest_session_id   VARCHAR(64)      NOT NULL,
    publisher_connected BOOLEAN          NOT NULL,
    input_bitrate_kbps  BIGINT,
    encoder_fps         DOUBLE PRECISION,
    encoder_speed       DOUBLE PRECISION,
    encoder_restarts    BIGINT           NOT NULL,
    reported_at         TIMESTAMPTZ      NOT NULL
);
