package io.creditcast.stream;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What viewers see before they press play.
 *
 * @param description free text, at most {@link #MAX_DESCRIPTION_CHARS}
 * @param tags at most {@link #MAX_TAGS} of {@code [a-z0-9-]{1,30}}
 * @param language BCP 47 tag such as {@code en} or {@code pt-BR}
 * @param thumbnailUrl an https URL, or null for the worker's live thumbnail
 * @param accessPolicy who may watch
 * @param scheduledStartAt announced start, or null
 * @param recordingEnabled whether the live HLS is kept as a VOD when the stream ends
 */
public record StreamDetails(
        String description,
        List<String> tags,
        String language,
        String thumbnailUrl,
        AccessPolicy accessPolicy,
        Instant scheduledStartAt,
        boolean recordingEnabled) {
    public static final int MAX_DESCRIPTION_CHARS = 5_000;
    public static final int MAX_TAGS = 10;
    public static final int MAX_THUMBNAIL_URL_CHARS = 2_048;
    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,30}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");

    public StreamDetails {
        description = description == null ? "" : description;
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION_CHARS + " characters");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("at most " + MAX_TAGS + " tags");
        }
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("tags must be 1-30 of [a-z0-9-]");
            }
        }
        language = language == null ? "en" : language;
        if (!LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("language must be a BCP 47 tag such as en or pt-BR");
        }
        if (thumbnailUrl != null
                && (!thumbnailUrl.startsWith("https://") || thumbnailUrl.length() > MAX_THUMBNAIL_URL_CHARS)) {
            throw new IllegalArgumentException("thumbnailUrl must be an https URL of at most 2048 characters");
        }
        Objects.requireNonNull(accessPolicy, "accessPolicy");
    }

    /** Public, English, no tags, recording on. */
    public static StreamDetails defaults() {
        return new StreamDetails("", List.of(), "en", null, AccessPolicy.PUBLIC, null, true);
    }
}
