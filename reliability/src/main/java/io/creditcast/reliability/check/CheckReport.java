package io.creditcast.reliability.check;

import java.io.PrintStream;
import java.util.List;

/** The end of every campaign: counts, the violations found and the seed that reproduces the run. */
public record CheckReport(String campaign, long operations, long faults, List<String> violations, long seed) {
    /** How many violations are printed in full; the count is always exact. */
    static final int MAX_PRINTED_VIOLATIONS = 50;

    public CheckReport {
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty();
    }

    public List<String> figureLines() {
        return List.of(
                "FIGURE " + campaign + "_operations " + operations,
                "FIGURE " + campaign + "_faults " + faults,
                "FIGURE " + campaign + "_violations " + violations.size());
    }

    public void print(PrintStream out) {
        out.println("campaign " + campaign + " seed " + seed);
        violations.stream().limit(MAX_PRINTED_VIOLATIONS).forEach(v -> out.println("VIOLATION " + campaign + ": " + v));
        figureLines().forEach(out::println);
        if (!passed()) {
            out.println("campaign " + campaign + " FAILED; reproduce with --seed " + seed);
        }
        out.flush();
    }
}
