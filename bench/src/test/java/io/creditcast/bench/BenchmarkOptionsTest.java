package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.bench.BenchmarkOptions.ScenarioSelection;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void no_arguments_give_the_documented_defaults() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[0]);

        assertThat(options.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.viewers()).isEqualTo(2_000);
        assertThat(options.creators()).isEqualTo(200);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.inFlight()).isEqualTo(64);
        assertThat(options.scenario()).isEqualTo(ScenarioSelection.BOTH);
        assertThat(options.seedCreditsMinor()).isEqualTo(1_000_000L);
        assertThat(options.clientThreads()).isPositive();
        assertThat(options.maxIntervalIndex()).isEqualTo(8_639L);
    }

    @Test
    void space_and_equals_forms_are_both_accepted() {
        BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
            "--base-url",
            "http://127.0.0.1:4711/",
            "--viewers=500",
            "--creators",
            "1",
            "--duration-s",
            "10",
            "--warmup-s=0",
            "--in-flight",
            "128",
            "--scenario",
            "ONE",
            "--seed-credits-minor",
            "1_000",
            "--client-threads",
            "3",
            "--max-interval-index=99"
        });

        assertThat(options.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:4711"));
        assertThat(options.viewers()).isEqualTo(500);
        assertThat(options.creators()).isEqualTo(1);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.warmup()).isZero();
        assertThat(options.inFlight()).isEqualTo(128);
        assertThat(options.scenario()).isEqualTo(ScenarioSelection.ONE);
        assertThat(options.seedCreditsMinor()).isEqualTo(1_000L);
        assertThat(options.clientThreads()).isEqualTo(3);
        assertThat(options.maxIntervalIndex()).isEqualTo(99L);
    }

    @Test
    void scenario_selection_says_which_scenarios_run() {
        assertThat(ScenarioSelection.MANY.includesMany()).isTrue();
        assertThat(ScenarioSelection.MANY.includesOne()).isFalse();
        assertThat(ScenarioSelection.ONE.includesMany()).isFalse();
        assertThat(ScenarioSelection.ONE.includesOne()).isTrue();
        assertThat(ScenarioSelection.BOTH.includesMany()).isTrue();
        assertThat(ScenarioSelection.BOTH.includesOne()).isTrue();
    }

    @Test
    void in_flight_is_accepted_at_its_limits_and_refused_one_past_them() {
        assertThat(parse("--in-flight", "1").inFlight()).isEqualTo(1);
        assertThat(parse("--in-flight", String.valueOf(BenchmarkOptions.MAX_IN_FLIGHT))
                        .inFlight())
                .isEqualTo(BenchmarkOptions.MAX_IN_FLIGHT);
        assertThatThrownBy(() -> parse("--in-flight", "0")).hasMessageContaining("--in-flight");
        assertThatThrownBy(() -> parse("--in-flight", String.valueOf(BenchmarkOptions.MAX_IN_FLIGHT + 1)))
                .hasMessageContaining("--in-flight");
    }

    @Test
    void zero_viewers_creators_or_duration_are_refused() {
        assertThatThrownBy(() -> parse("--viewers", "0")).hasMessageContaining("--viewers");
        assertThatThrownBy(() -> parse("--creators", "0")).hasMessageContaining("--creators");
        assertThatThrownBy(() -> parse("--duration-s", "0")).hasMessageContaining("--duration-s");
        assertThatThrownBy(() -> parse("--warmup-s", "-1")).hasMessageContaining("--warmup-s");
        assertThatThrownBy(() -> parse("--seed-credits-minor", "0")).hasMessageContaining("--seed-credits-minor");
        assertThatThrownBy(() -> parse("--max-interval-index", "-1")).hasMessageContaining("--max-interval-index");
    }

    @Test
    void malformed_input_is_refused_with_a_message_naming_the_problem() {
        assertThatThrownBy(() -> parse("--viewers", "many")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("--scenario", "some")).hasMessageContaining("many, one or both");
        assertThatThrownBy(() -> parse("--base-url", "ftp://x")).hasMessageContaining("--base-url");
        assertThatThrownBy(() -> parse("--base-url", "127.0.0.1:8080")).hasMessageContaining("--base-url");
        assertThatThrownBy(() -> parse("--colour", "blue")).hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> parse("--viewers")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("viewers")).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> parse("--viewers", "1", "--viewers", "2")).hasMessageContaining("twice");
    }

    @Test
    void help_is_recognised_anywhere() {
        assertThat(BenchmarkOptions.wantsHelp(new String[] {"--viewers", "3", "--help"}))
                .isTrue();
        assertThat(BenchmarkOptions.wantsHelp(new String[] {"--viewers", "3"})).isFalse();
        assertThat(BenchmarkOptions.USAGE).contains("--in-flight").contains("--scenario");
    }

    private static BenchmarkOptions parse(String... args) {
        return BenchmarkOptions.parse(args);
    }
}
