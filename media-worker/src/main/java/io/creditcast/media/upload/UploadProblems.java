package io.creditcast.media.upload;

import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import io.creditcast.media.problem.ProblemType;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The typed rejections of the upload API and their problem types. */
public final class UploadProblems {

    public static final ProblemType UPLOAD_TOO_LARGE =
            ProblemType.of("upload-too-large", "The upload exceeds the size limit", HttpStatus.CONTENT_TOO_LARGE);
    public static final ProblemType UNSUPPORTED_MEDIA = ProblemType.of(
            "unsupported-media", "The upload is not audio or video we can read", HttpStatus.UNPROCESSABLE_CONTENT);
    public static final ProblemType UPLOAD_NOT_FOUND =
            ProblemType.of("upload-not-found", "No such upload", HttpStatus.NOT_FOUND);
    public static final ProblemType MISSING_FILE =
            ProblemType.of("missing-file", "No file in the upload", HttpStatus.BAD_REQUEST);
    public static final ProblemType TRANSCODER_BUSY =
            ProblemType.of("transcoder-busy", "Too many transcodes in progress", HttpStatus.SERVICE_UNAVAILABLE);

    private UploadProblems() {}

    public static final class UploadTooLargeException extends ApiProblemException {
        public UploadTooLargeException(long maxSizeBytes) {
            super(
                    UPLOAD_TOO_LARGE,
                    "Uploads are limited to " + maxSizeBytes + " bytes.",
                    List.of(new FieldProblem("file", "must be at most " + maxSizeBytes + " bytes")));
        }
    }

    public static final class UnsupportedMediaException extends ApiProblemException {
        public UnsupportedMediaException(String reason) {
            super(
                    UNSUPPORTED_MEDIA,
                    "The file is not audio or video that can be transcoded: " + reason,
                    List.of(new FieldProblem("file", "must be an audio or video file")));
        }
    }

    public static final class UploadNotFoundException extends ApiProblemException {
        public UploadNotFoundException(UploadId id) {
            super(UPLOAD_NOT_FOUND, "No upload " + id + ".", List.of(new FieldProblem("id", "unknown upload")));
        }
    }

    public static final class MissingFileException extends ApiProblemException {
        public MissingFileException() {
            super(
                    MISSING_FILE,
                    "Send the media as a multipart part named 'file', or as the raw body with an audio/* or video/*"
                            + " Content-Type.",
                    List.of(new FieldProblem("file", "is required")));
        }
    }

    public static final class TranscoderBusyException extends ApiProblemException {
        public TranscoderBusyException() {
            super(TRANSCODER_BUSY, "Too many transcodes are waiting; try again later.", List.of());
        }
    }
}
