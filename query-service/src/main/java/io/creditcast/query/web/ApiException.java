package io.creditcast.query.web;

import java.util.List;
import java.util.Map;

/** An HTTP-edge failure with a problem type and, where one field is at fault, that field. */
public class ApiException extends RuntimeException {
    private final ProblemTypes type;
    private final List<FieldError> errors;
    private final Map<String, Object> properties;

    public record FieldError(String field, String message) {}

    public ApiException(ProblemTypes type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ApiException(ProblemTypes type, String detail, List<FieldError> errors, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.properties = Map.copyOf(properties);
    }

    public static ApiException field(String field, String message) {
        return new ApiException(
                ProblemTypes.VALIDATION, field + ": " + message, List.of(new FieldError(field, message)), Map.of());
    }

    public ProblemTypes type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
