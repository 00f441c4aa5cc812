package io.creditcast.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The authentication and authorization failures, written as RFC 9457 problem+json with the same shape and
 * type URIs as the services' own problem handlers ({@code https://creditcast.io/problems/<slug>}). The detail
 * text is fixed per case: nothing from the token is echoed or logged.
 */
public enum SecurityProblems {
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    INVALID_TOKEN("invalid-token", HttpStatus.UNAUTHORIZED, "The bearer token is not valid"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    EMAIL_NOT_VERIFIED("email-not-verified", HttpStatus.FORBIDDEN, "E-mail address not verified");

    public static final String BASE = "https://creditcast.io/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    SecurityProblems(String slug, HttpStatus status, String title) {
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

    /** Writes this problem; 401s carry {@code WWW-Authenticate: Bearer} (RFC 6750). */
    public Mono<Void> write(ServerWebExchange exchange, String detail) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (this == UNAUTHENTICATED) {
            response.getHeaders().set("WWW-Authenticate", "Bearer realm=\"creditcast\"");
        } else if (this == INVALID_TOKEN) {
            response.getHeaders().set("WWW-Authenticate", "Bearer realm=\"creditcast\", error=\"invalid_token\"");
        }
        String body = "{\"type\":\"" + type() + "\",\"title\":\"" + json(title) + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + json(detail) + "\",\"instance\":\""
                + json(exchange.getRequest().getPath().value()) + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
