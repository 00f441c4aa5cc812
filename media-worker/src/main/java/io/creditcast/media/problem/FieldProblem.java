package io.creditcast.media.problem;

/** One entry of a problem's {@code errors} list: which input was wrong and how. */
public record FieldProblem(String field, String message) {}
