package io.creditcast.media.upload;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** queued → transcoding → ready | failed. */
public enum UploadStatus {
    /** Stored and probed; waiting for a transcode slot. */
    QUEUED,
    /** FFmpeg is running; see the progress percentage. */
    TRANSCODING,
    /** HLS (and MP3 for audio) written. */
    READY,
    /** Transcoding failed; see the failure. */
    FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == READY || this == FAILED;
    }
}
