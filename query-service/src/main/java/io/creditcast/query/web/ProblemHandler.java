package io.creditcast.query.web;

import io.creditcast.query.web.ApiException.FieldError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

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
        return ResponseEntity.status(type.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return problem(e.type(), e.getMessage(), e.errors(), e.properties());
    }

    /** A query parameter that does not convert (e.g. {@code limit=abc}, a malformed instant). */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e) {
        String reason = e.getReason() == null ? "unreadable request" : e.getReason();
        String field = e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                ? e.getMethodParameter().getParameterName()
                : "request";
        return problem(
                ProblemTypes.VALIDATION, field + ": " + reason, List.of(new FieldError(field, reason)), Map.of());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.getBody());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return problem(ProblemTypes.VALIDATION, e.getMessage(), List.of(), Map.of());
    }

    @ExceptionHandler(TimeoutException.class)
    ResponseEntity<ProblemDetail> timeout(TimeoutException e) {
        log.warn("query timed out", e);
        return problem(ProblemTypes.OVERLOADED, "the query took too long; narrow it or retry", List.of(), Map.of());
    }
}
