package io.creditcast.media.problem;

import java.net.URI;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A stable problem type of this API (RFC 9457): clients switch on {@link #type()}, never on message text.
 *
 * @param type {@code https://creditcast.io/problems/<slug>}
 * @param title short, constant summary
 * @param status the HTTP status it is sent with
 */
public record ProblemType(URI type, String title, HttpStatus status) {

    public static final String BASE = "https://creditcast.io/problems/";

    public static final ProblemType INVALID_REQUEST =
            of("invalid-request", "The request is malformed", HttpStatus.BAD_REQUEST);
    public static final ProblemType NOT_FOUND = of("not-found", "No such resource", HttpStatus.NOT_FOUND);
    public static final ProblemType METHOD_NOT_ALLOWED =
            of("method-not-allowed", "Method not allowed here", HttpStatus.METHOD_NOT_ALLOWED);
    public static final ProblemType NOT_ACCEPTABLE =
            of("not-acceptable", "No acceptable representation", HttpStatus.NOT_ACCEPTABLE);
    public static final ProblemType PAYLOAD_TOO_LARGE =
            of("payload-too-large", "The request body is too large", HttpStatus.CONTENT_TOO_LARGE);
    public static final ProblemType UNSUPPORTED_CONTENT_TYPE =
            of("unsupported-content-type", "Content-Type not supported here", HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    public static final ProblemType INTERNAL_ERROR =
            of("internal-error", "Unexpected server error", HttpStatus.INTERNAL_SERVER_ERROR);
    public static final ProblemType SERVICE_UNAVAILABLE =
            of("service-unavailable", "Temporarily unavailable", HttpStatus.SERVICE_UNAVAILABLE);

    public ProblemType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
    }

    public static ProblemType of(String slug, String title, HttpStatus status) {
        return new ProblemType(URI.create(BASE + slug), title, status);
    }

    /** The generic type for a status raised by the framework (routing, content negotiation...). */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_CONTENT_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> INTERNAL_ERROR;
        };
    }
}
