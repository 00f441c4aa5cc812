package io.creditcast.media.upload;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an upload turned out to be: video (HLS ladder) or audio only (audio HLS + MP3). */
public enum MediaKind {
    VIDEO,
    AUDIO;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
