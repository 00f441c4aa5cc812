package io.creditcast.bench;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One headline number, printed as {@code FIGURE <name> <value> <unit>} so scripts can grep it.
 *
 * @param name lower_snake_case, units last (e.g. {@code metered_debit_p99_ms})
 * @param value the number; NaN and infinities are refused
 * @param decimals digits after the decimal point (0 prints a whole number)
 * @param unit free text without line breaks (e.g. {@code debits/s})
 */
record Figure(String name, double value, int decimals, String unit) {

    static final int MAX_DECIMALS = 6;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    Figure {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("figure name must be lower_snake_case, got " + name);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("figure " + name + " has no finite value: " + value);
        }
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be in 0.." + MAX_DECIMALS + ", got " + decimals);
        }
        if (unit == null || unit.isBlank() || unit.contains("\n") || unit.contains("\r")) {
            throw new IllegalArgumentException("figure unit must be one non-blank line, got " + unit);
        }
    }

    static Figure count(String name, long value) {
        return new Figure(name, value, 0, "count");
    }

    /** Same figure under a name with a suffix, e.g. {@code _one_creator}. */
    Figure withSuffix(String suffix) {
        return new Figure(name + suffix, value, decimals, unit);
    }

    /** {@code FIGURE metered_debit_p99_ms 31.2 ms}: half-up rounding, '.' as decimal point in every locale. */
    String line() {
        return "FIGURE " + name + " " + String.format(Locale.ROOT, "%." + decimals + "f", value) + " " + unit;
    }
}
