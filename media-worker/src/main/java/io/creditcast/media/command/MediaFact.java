package io.creditcast.media.command;

import io.creditcast.stream.IngestProtocol;
import java.util.Objects;

/** What the worker reports about a stream (the command side's {@code /facts} body). */
public sealed interface MediaFact {
    String type();

    record WentLive(String ingestSessionId, IngestProtocol protocol) implements MediaFact {
        public WentLive {
            Objects.requireNonNull(ingestSessionId);
            Objects.requireNonNull(protocol);
        }

        @Override
        public String type() {
            return "WENT_LIVE";
        }
    }

    record IngestLost(String ingestSessionId) implements MediaFact {
        @Override
        public String type() {
            return "INGEST_LOST";
        }
    }

    record Ended(String ingestSessionId) implements MediaFact {
        @Override
        public String type() {
            return "ENDED";
        }
    }

    record RecordingReady(String ingestSessionId, long durationMs, boolean mp4Available) implements MediaFact {
        @Override
        public String type() {
            return "RECORDING_READY";
        }
    }

    record Audience(long viewers, long listeners) implements MediaFact {
        @Override
        public String type() {
            return "AUDIENCE";
        }
    }

    /**
     * A periodic ingest-health sample of a live session. Null numbers were not measured in the window (the first
     * sample of a session, or no encoder progress yet).
     */
    record Health(
            String ingestSessionId,
            boolean publisherConnected,
            Long inputBitrateKbps,
            Double encoderFps,
            Double encoderSpeed,
            long encoderRestarts)
            implements MediaFact {
        @Override
        public String type() {
            return "HEALTH";
        }
    }

    /** The JSON body (snake_case, as the command service reads it). Values are ids, enums and numbers only. */
    default String toJson() {
        return switch (this) {
            case WentLive f ->
                "{\"type\":\"WENT_LIVE\",\"ingest_session_id\":\"" + f.ingestSessionId() + "\",\"protocol\":\""
                        + f.protocol() + "\"}";
            case IngestLost f -> "{\"type\":\"INGEST_LOST\",\"ingest_session_id\":\"" + f.ingestSessionId() + "\"}";
            case Ended f -> "{\"type\":\"ENDED\",\"ingest_session_id\":\"" + f.ingestSessionId() + "\"}";
            case RecordingReady f ->
                "{\"type\":\"RECORDING_READY\",\"ingest_session_id\":\"" + f.ingestSessionId() + "\",\"duration_ms\":"
                        + f.durationMs() + ",\"mp4_available\":" + f.mp4Available() + "}";
            case Audience f ->
                "{\"type\":\"AUDIENCE\",\"viewers\":" + f.viewers() + ",\"listeners\":" + f.listeners() + "}";
            case Health f ->
                "{\"type\":\"HEALTH\",\"ingest_session_id\":\"" + f.ingestSessionId() + "\",\"publisher_connected\":"
                        + f.publisherConnected() + ",\"input_bitrate_kbps\":" + f.inputBitrateKbps()
                        + ",\"encoder_fps\":" + f.encoderFps() + ",\"encoder_speed\":" + f.encoderSpeed()
                        + ",\"encoder_restarts\":" + f.encoderRestarts() + "}";
        };
    }
}
