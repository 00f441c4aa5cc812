package io.creditcast.media.transcode;

import java.util.regex.Pattern;

/** Identifies a transcode job (e.g. {@code upload-<uuid>}, {@code live-<stream>}); safe in file and thread names. */
public record JobId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    public JobId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("job id must match " + SHAPE + ": " + value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
