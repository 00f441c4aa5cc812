package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class FigureTest {

    @Test
    void a_figure_prints_as_one_greppable_line() {
        assertThat(new Figure("metered_debits_per_s", 5234.4, 0, "debits/s").line())
                .isEqualTo("FIGURE metered_debits_per_s 5234 debits/s");
        assertThat(new Figure("metered_debit_p99_ms", 31.25, 1, "ms").line())
                .isEqualTo("FIGURE metered_debit_p99_ms 31.3 ms");
        assertThat(new Figure("events_per_debit", 1.0034, 3, "events/debit").line())
                .isEqualTo("FIGURE events_per_debit 1.003 events/debit");
        assertThat(Figure.count("metered_debit_errors", 0).line()).isEqualTo("FIGURE metered_debit_errors 0 count");
    }

    @Test
    void the_decimal_point_is_a_dot_whatever_the_default_locale() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(new Figure("metered_debit_p50_ms", 2.5, 1, "ms").line())
                    .isEqualTo("FIGURE metered_debit_p50_ms 2.5 ms");
            assertThat(new Figure("metered_debits_per_s", 12345, 0, "debits/s").line())
                    .isEqualTo("FIGURE metered_debits_per_s 12345 debits/s");
        } finally {
            Locale.setDefault(previous);
        }
    }

    @Test
    void a_suffix_goes_on_the_name_only() {
        assertThat(new Figure("metered_debit_p99_ms", 4.0, 1, "ms")
                        .withSuffix("_one_creator")
                        .line())
                .isEqualTo("FIGURE metered_debit_p99_ms_one_creator 4.0 ms");
    }

    @Test
    void names_units_and_values_that_would_break_the_line_format_are_refused() {
        assertThatThrownBy(() -> new Figure("p99 ms", 1, 1, "ms")).hasMessageContaining("lower_snake_case");
        assertThatThrownBy(() -> new Figure("P99", 1, 1, "ms")).hasMessageContaining("lower_snake_case");
        assertThatThrownBy(() -> new Figure("p99", 1, 1, "m\ns")).hasMessageContaining("one non-blank line");
        assertThatThrownBy(() -> new Figure("p99", 1, 1, " ")).hasMessageContaining("one non-blank line");
        assertThatThrownBy(() -> new Figure("p99", Double.NaN, 1, "ms")).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Figure("p99", Double.POSITIVE_INFINITY, 1, "ms"))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new Figure("p99", 1, -1, "ms")).hasMessageContaining("decimals");
        assertThatThrownBy(() -> new Figure("p99", 1, Figure.MAX_DECIMALS + 1, "ms"))
                .hasMessageContaining("decimals");
    }
}
