-- ---- projection "analytics": recordings --------------------------------------------------------
-- One row per RecordingReady: a stream ends once, so it has at most one recording. The creator and the title
-- are joined from read.stream at read time (both rows come from the same projection).
CREATE TABLE read.recording (
    stream_id         VARCHAR(128) PRIMARY KEY,
    ingest_session_id VARCHAR(128) NOT NULL,
    duration_ms       BIGINT       NOT NULL,
    mp4_available     BOOLEAN      NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    -- the global index of the RecordingReady event: the stable, newest-first paging order
    global_index      BIGINT       NOT NULL UNIQUE
);
