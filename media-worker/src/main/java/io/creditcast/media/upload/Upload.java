package io.creditcast.media.upload;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one upload; immutable, replaced on every change.
 *
 * @param durationUs media duration from ffprobe, in microseconds
 * @param progressPercent transcode progress, 0..100
 * @param outputs files written, relative to the upload's directory (once ready)
 * @param failure why transcoding failed (once failed)
 */
public record Upload(
        UploadId id,
        MediaKind kind,
        UploadStatus status,
        long sizeBytes,
        long durationUs,
        int progressPercent,
        List<String> outputs,
        Optional<Failure> failure,
        Instant createdAt) {

    /** A failed transcode: {@code type} is the failure's kind ({@code InvalidInput}, {@code Killed}...). */
    public record Failure(String type, String detail) {}

    public Upload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        if (progressPercent < 0 || progressPercent > 100) {
            throw new IllegalArgumentException("progressPercent must be 0..100: " + progressPercent);
        }
        outputs = List.copyOf(outputs);
    }

    public static Upload queued(UploadId id, MediaKind kind, long sizeBytes, long durationUs, Instant now) {
        return new Upload(id, kind, UploadStatus.QUEUED, sizeBytes, durationUs, 0, List.of(), Optional.empty(), now);
    }

    public Upload transcoding() {
        return status.isFinal() ? this : with(UploadStatus.TRANSCODING, progressPercent, outputs, failure);
    }

    /** Progress only moves forward (a report may arrive late from the reader thread). */
    public Upload progressed(int percent) {
        if (status.isFinal() || percent <= progressPercent) {
            return this;
        }
        return with(UploadStatus.TRANSCODING, Math.min(percent, 99), outputs, failure);
    }

    public Upload ready(List<String> writtenOutputs) {
        return with(UploadStatus.READY, 100, writtenOutputs, Optional.empty());
    }

    public Upload failed(Failure why) {
        return with(UploadStatus.FAILED, progressPercent, List.of(), Optional.of(why));
    }

    private Upload with(UploadStatus newStatus, int percent, List<String> newOutputs, Optional<Failure> newFailure) {
        return new Upload(id, kind, newStatus, sizeBytes, durationUs, percent, newOutputs, newFailure, createdAt);
    }
}
