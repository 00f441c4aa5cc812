package io.creditcast.media.upload;

import java.util.List;

/**
 * What {@code GET /api/v1/uploads/{id}} returns.
 *
 * @param durationMs media duration (known once the upload was accepted)
 * @param progressPercent transcode progress 0..100
 * @param outputs files written, relative to the upload (once ready): {@code hls/master.m3u8}, {@code audio.mp3}
 * @param failure set when the status is {@code failed}
 */
public record UploadView(
        String id,
        UploadStatus status,
        MediaKind kind,
        long sizeBytes,
        long durationMs,
        int progressPercent,
        List<String> outputs,
        Upload.Failure failure) {

    static UploadView of(Upload upload) {
        return new UploadView(
                upload.id().toString(),
                upload.status(),
                upload.kind(),
                upload.sizeBytes(),
                upload.durationUs() / 1_000,
                upload.progressPercent(),
                upload.outputs(),
                upload.failure().orElse(null));
    }
}
