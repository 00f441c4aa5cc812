package io.creditcast.command.stream;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code stream_ingest_health}: the media worker's latest ingest-health sample per stream, replaced in place. Not an
 * event (a sample every few seconds per live stream moves no money); kept only for the stream's current session.
 */
public class IngestHealth {
    private final JdbcTemplate jdbc;

    public IngestHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What the worker measured over its last report window. Null numbers were not measured in that window (e.g. no
     * encoder progress yet).
     *
     * @param inputBitrateKbps what the publisher sent (FLV tags), in kilobits per second
     * @param encoderFps frames the encoder wrote per second of wall time
     * @param encoderSpeed encoding speed as a multiple of realtime (FFmpeg's {@code speed})
     * @param encoderRestarts encoder restarts in this session so far
     */
    public record Sample(
            String ingestSessionId,
            boolean publisherConnected,
            Long inputBitrateKbps,
            Double encoderFps,
            Double encoderSpeed,
            long encoderRestarts) {}

    public record Reported(Sample sample, Instant reportedAt) {}

    public void record(String streamId, Sample s, Instant at) {
        jdbc.update(
                "INSERT INTO stream_ingest_health (stream_id, ingest_session_id, publisher_connected,"
                        + " input_bitrate_kbps, encoder_fps, encoder_speed, encoder_restarts, reported_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET"
                        + " ingest_session_id = excluded.ingest_session_id,"
                        + " publisher_connected = excluded.publisher_connected,"
                        + " input_bitrate_kbps = excluded.input_bitrate_kbps, encoder_fps = excluded.encoder_fps,"
                        + " encoder_speed = excluded.encoder_speed, encoder_restarts = excluded.encoder_restarts,"
                        + " reported_at = excluded.reported_at",
                streamId,
                s.ingestSessionId(),
                s.publisherConnected(),
                s.inputBitrateKbps(),
                s.encoderFps(),
                s.encoderSpeed(),
                s.encoderRestarts(),
                Timestamp.from(at));
    }

    /** The latest sample of {@code ingestSessionId}, or null (none yet, or only an older session's). */
    public Reported latest(String streamId, String ingestSessionId) {
        List<Reported> rows = jdbc.query(
                "SELECT * FROM stream_ingest_health WHERE stream_id = ? AND ingest_session_id = ?",
                (rs, i) -> new Reported(
                        new Sample(
                                rs.getString("ingest_session_id"),
                                rs.getBoolean("publisher_connected"),
                                rs.getObject("input_bitrate_kbps", Long.class),
                                rs.getObject("encoder_fps", Double.class),
                                rs.getObject("encoder_speed", Double.class),
                                rs.getLong("encoder_restarts")),
                        rs.getTimestamp("reported_at").toInstant()),
                streamId,
                ingestSessionId);
        return rows.isEmpty() ? null : rows.get(0);
    }
}
