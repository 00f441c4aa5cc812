package io.creditcast.media.upload;

import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import io.creditcast.media.problem.ProblemType;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Identifies an upload; also names its directory, so it is always a canonical UUID. */
public record UploadId(UUID value) {

    public UploadId {
        Objects.requireNonNull(value, "value");
    }

    public static UploadId random() {
        return new UploadId(UUID.randomUUID());
    }

    /** Parses a path segment; anything but a canonical UUID is a 400 on field {@code id}. */
    public static UploadId parse(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            if (uuid.toString().equals(text)) {
                return new UploadId(uuid);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new ApiProblemException(
                ProblemType.INVALID_REQUEST,
                "An upload id is a UUID.",
                List.of(new FieldProblem("id", "must be a UUID in canonical form")));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
