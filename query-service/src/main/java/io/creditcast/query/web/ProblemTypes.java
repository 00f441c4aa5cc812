package io.creditcast.query.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** Stable problem type URIs (RFC 9457), the same base and slugs as the command service. */
public enum ProblemTypes {
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "The request is not valid"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    UNKNOWN_ACCOUNT("unknown-account", HttpStatus.NOT_FOUND, "Unknown account"),
    UNKNOWN_WALLET("unknown-wallet", HttpStatus.NOT_FOUND, "Unknown wallet"),
    UNKNOWN_STREAM("unknown-stream", HttpStatus.NOT_FOUND, "Unknown stream"),
    SEARCH_UNAVAILABLE("search-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Search is unavailable, retry shortly"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Too busy, retry shortly");

    public static final String BASE = "https://creditcast.io/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemTypes(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI type() {
        return URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
