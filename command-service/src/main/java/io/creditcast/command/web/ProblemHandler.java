package io.creditcast.command.web;

import io.creditcast.command.web.ApiException.FieldError;
import io.creditcast.ledger.account.LedgerRejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.CodecException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.databind.DatabindException;

/** Maps every failure to RFC 9457 problem+json with a stable type and the field at fault. */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    public static ResponseEntity<ProblemDetail> problem(
            ProblemTypes type, String detail, List<FieldError> errors, Map<String, Object> properties) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(type.status(), detail);
        pd.setType(type.type());
        pd.setTitle(type.title());
        if (!errors.isEmpty()) {
            pd.setProperty("errors", errors);
        }
        properties.forEach(pd::setProperty);
        var response = ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (type == ProblemTypes.OVERLOADED) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(pd);
    }

    /**
     * The command pool's queue is full, or a command did not answer within its timeout: the request may be retried
     * (money-moving ones with the same Idempotency-Key, which makes a retry of a command that did complete a replay).
     */
    @ExceptionHandler({RejectedExecutionException.class, TimeoutException.class})
    ResponseEntity<ProblemDetail> busy(Exception e) {
        log.warn("request shed: {}", e.toString());
        return problem(
                ProblemTypes.OVERLOADED,
                e instanceof TimeoutException
                        ? "the command did not complete in time; retry (with the same Idempotency-Key)"
                        : "the command queue is full; nothing was done, retry",
                List.of(),
                Map.of("retry_after_s", 1));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.type(), e.getMessage(), e.errors(), e.properties());
    }

    @ExceptionHandler(LedgerRejection.class)
    ResponseEntity<ProblemDetail> rejection(LedgerRejection e) {
        return problem(ProblemTypes.of(e.reason()), e.getMessage(), List.of(), e.details());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return problem(ProblemTypes.NOT_FOUND, "no such " + e.getAggregateIdentifier(), List.of(), Map.of());
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> validation(WebExchangeBindException e) {
        List<FieldError> errors = new ArrayList<>();
        e.getFieldErrors().forEach(fe -> errors.add(new FieldError(snake(fe.getField()), fe.getDefaultMessage())));
        e.getGlobalErrors().forEach(ge -> errors.add(new FieldError(ge.getObjectName(), ge.getDefaultMessage())));
        String detail = errors.isEmpty()
                ? "invalid request"
                : errors.get(0).field() + ": " + errors.get(0).message();
        return problem(ProblemTypes.VALIDATION, detail, errors, Map.of());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof DataBufferLimitException) {
                return problem(ProblemTypes.BODY_TOO_LARGE, "request body exceeds the limit", List.of(), Map.of());
            }
            if (cause instanceof DatabindException de) {
                String field = de.getPath().isEmpty() ? "body" : pathOf(de);
                String message = de.getOriginalMessage();
                return problem(
                        ProblemTypes.MALFORMED_BODY,
                        field + ": " + message,
                        List.of(new FieldError(field, message)),
                        Map.of());
            }
            if (cause instanceof IllegalArgumentException iae) {
                return problem(ProblemTypes.VALIDATION, iae.getMessage(), List.of(), Map.of());
            }
            cause = cause.getCause();
        }
        String reason = e.getReason() == null ? "unreadable request" : e.getReason();
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null) {
            String field = e.getMethodParameter().getParameterName();
            return problem(
                    ProblemTypes.VALIDATION, field + ": " + reason, List.of(new FieldError(field, reason)), Map.of());
        }
        return problem(ProblemTypes.MALFORMED_BODY, reason, List.of(new FieldError("body", reason)), Map.of());
    }

    @ExceptionHandler({DecodingException.class, CodecException.class})
    ResponseEntity<ProblemDetail> codec(Exception e) {
        return problem(
                ProblemTypes.MALFORMED_BODY,
                "request body could not be decoded",
                List.of(new FieldError("body", "malformed")),
                Map.of());
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e) {
        return problem(ProblemTypes.BODY_TOO_LARGE, "request body exceeds the limit", List.of(), Map.of());
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e) {
        ProblemDetail pd = e.getBody();
        pd.setType(java.net.URI.create(ProblemTypes.BASE + "unsupported-media-type"));
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        ProblemDetail pd = e.getBody();
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return problem(ProblemTypes.VALIDATION, e.getMessage(), List.of(), Map.of());
    }

    @ExceptionHandler({CommandExecutionException.class, CompletionException.class, ExecutionException.class})
    ResponseEntity<ProblemDetail> wrapped(Exception e) {
        Throwable cause = unwrap(e);
        if (cause instanceof LedgerRejection r) {
            return rejection(r);
        }
        if (cause instanceof AggregateNotFoundException nf) {
            return notFound(nf);
        }
        if (cause instanceof ApiException a) {
            return api(a);
        }
        if (cause instanceof IllegalArgumentException iae) {
            return illegalArgument(iae);
        }
        log.error("command failed", e);
        return problem(
                ProblemTypes.OVERLOADED,
                "the command could not be completed; it is safe to retry with the same key",
                List.of(),
                Map.of());
    }

    /** Finds the domain failure inside Axon's and the JDK's wrappers. */
    public static Throwable unwrap(Throwable e) {
        Throwable current = e;
        for (int i = 0; i < 10 && current != null; i++) {
            if (current instanceof LedgerRejection
                    || current instanceof AggregateNotFoundException
                    || current instanceof ApiException) {
                return current;
            }
            current = current.getCause();
        }
        return e.getCause() instanceof IllegalArgumentException iae ? iae : e;
    }

    private static String pathOf(DatabindException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
