package io.creditcast.command.chat;

import io.creditcast.command.web.ProblemTypes;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Chat's own problem types (same base URI as {@link ProblemTypes}); clients switch on {@code type}.
 * {@code chat-top-up-required} is the one the UI turns into a top-up prompt.
 */
public class ChatProblem extends RuntimeException {
    public enum Type {
        TOP_UP_REQUIRED("chat-top-up-required", HttpStatus.PAYMENT_REQUIRED, "Credits needed to chat"),
        BANNED("chat-banned", HttpStatus.FORBIDDEN, "Banned from this chat"),
        NOT_MODERATOR("chat-not-moderator", HttpStatus.FORBIDDEN, "Only the creator and moderators may moderate"),
        UNKNOWN_MESSAGE("chat-unknown-message", HttpStatus.NOT_FOUND, "Unknown chat message");

        private final String slug;
        private final HttpStatus status;
        private final String title;

        Type(String slug, HttpStatus status, String title) {
            this.slug = slug;
            this.status = status;
            this.title = title;
        }

        public URI uri() {
            return URI.create(ProblemTypes.BASE + slug);
        }
    }

    private final Type type;
    private final Map<String, Object> properties;

    public ChatProblem(Type type, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public ChatProblem(Type type, String detail) {
        this(type, detail, Map.of());
    }

    /** Maps chat problems to problem+json. */
    @RestControllerAdvice
    public static class Handler {
        @ExceptionHandler(ChatProblem.class)
        ResponseEntity<ProblemDetail> chat(ChatProblem e) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(e.type.status, e.getMessage());
            pd.setType(e.type.uri());
            pd.setTitle(e.type.title);
            e.properties.forEach(pd::setProperty);
            return ResponseEntity.status(e.type.status)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(pd);
        }
    }
}
