package io.creditcast.media.problem;

import java.util.List;
import java.util.Objects;

/** A typed rejection that {@link ApiProblemHandler} renders as {@code application/problem+json}. */
public class ApiProblemException extends RuntimeException {

    private final ProblemType problemType;
    private final List<FieldProblem> errors;

    public ApiProblemException(ProblemType problemType, String detail, List<FieldProblem> errors) {
        super(detail);
        this.problemType = Objects.requireNonNull(problemType, "problemType");
        this.errors = List.copyOf(errors);
    }

    public ProblemType problemType() {
        return problemType;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
