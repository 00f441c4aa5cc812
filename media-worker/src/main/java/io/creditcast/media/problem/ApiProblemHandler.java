package io.creditcast.media.problem;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Renders every error as RFC 9457 {@code application/problem+json} with {@code type}, {@code title},
 * {@code status}, {@code detail} and an {@code errors} list of {@code {field, message}} (empty when no single
 * input is to blame).
 */
@RestControllerAdvice
public class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);
    static final String ERRORS = "errors";

    @ExceptionHandler(ApiProblemException.class)
    Mono<ResponseEntity<Object>> handleApiProblem(ApiProblemException ex) {
        ProblemType type = ex.problemType();
        return Mono.just(problem(type, ex.detail(), ex.errors()));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
        log.error(
                "unhandled error on {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                ex);
        return Mono.just(problem(ProblemType.INTERNAL_ERROR, "The server failed to handle this request.", List.of()));
    }

    /** Framework exceptions (404 routes, 405, 415, binding...) get the same shape and a stable type. */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemType type = ProblemType.forStatus(status.value());
        ProblemDetail detail = body instanceof ProblemDetail given ? given : ProblemDetail.forStatus(status);
        detail.setType(type.type());
        if (detail.getTitle() == null || detail.getTitle().isBlank()) {
            detail.setTitle(type.title());
        }
        List<FieldProblem> errors = ex instanceof WebExchangeBindException bind
                ? bind.getFieldErrors().stream()
                        .map(f -> new FieldProblem(f.getField(), f.getDefaultMessage()))
                        .toList()
                : List.of();
        detail.setProperty(ERRORS, errors);
        HttpHeaders responseHeaders = new HttpHeaders();
        if (headers != null) {
            responseHeaders.putAll(headers);
        }
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return Mono.just(new ResponseEntity<>(detail, responseHeaders, status));
    }

    static ResponseEntity<Object> problem(ProblemType type, String detailText, List<FieldProblem> errors) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(type.status(), detailText);
        detail.setType(type.type());
        detail.setTitle(type.title());
        detail.setProperty(ERRORS, errors);
        return ResponseEntity.status(type.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail);
    }
}
