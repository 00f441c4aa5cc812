-- When metering on a stream stops (docs/events.md, "Metering stops with the stream"): written by the
-- "metering-stops" subscribing processor in the same transaction as StreamEnded / StreamTakenDown, and read
-- by every metering ping inside its own transaction, so a committed takedown is never missed by a later ping.
-- A stream is ended at most once and taken down at most once; the first time is kept.

CREATE TABLE stream_metering_stop (
    stream_id     VARCHAR(255) PRIMARY KEY,
    ended_at      TIMESTAMPTZ,
    taken_down_at TIMESTAMPTZ
);

-- Streams that ended or were taken down before this table existed (the subscribing processor never
-- replays). The event's own timestamp column is the Axon message time, within a millisecond of the
-- payload's occurredAt.
INSERT INTO stream_metering_stop (stream_id, ended_at, taken_down_at)
SELECT aggregateidentifier,
       MIN(timestamp::timestamptz) FILTER (WHERE payloadtype = 'io.creditcast.stream.StreamEvent$StreamEnded'),
       MIN(timestamp::timestamptz) FILTER (WHERE payloadtype = 'io.creditcast.stream.StreamEvent$StreamTakenDown')
FROM domainevententry
WHERE payloadtype IN ('io.creditcast.stream.StreamEvent$StreamEnded',
                      'io.creditcast.stream.StreamEvent$StreamTakenDown')
GROUP BY aggregateidentifier;
