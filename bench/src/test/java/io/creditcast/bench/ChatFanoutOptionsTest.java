package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ChatFanoutOptionsTest {

    @Test
    void the_defaults_are_the_issues_scenario_two_thousand_clients_at_fifty_messages_per_second() {
        var o = ChatFanoutOptions.parse(new String[] {"--base-url", "http://127.0.0.1:8080"});
        assertThat(o.clients()).isEqualTo(2_000);
        assertThat(o.ratePerS()).isEqualTo(50);
        assertThat(o.servicePids()).isEmpty();
    }

    @Test
    void several_services_and_their_pids_are_comma_separated() {
        var o = ChatFanoutOptions.parse(
                new String[] {"--base-url", "http://a:1,http://b:2", "--service-pids", "10,11", "--clients", "4"});
        assertThat(o.baseUrls()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
        assertThat(o.servicePids()).containsExactly(10L, 11L);
    }

    @Test
    void every_bound_is_accepted_at_the_limit_and_refused_one_past_it() {
        assertThat(parse("--clients", ChatFanoutOptions.MAX_CLIENTS).clients())
                .isEqualTo(ChatFanoutOptions.MAX_CLIENTS);
        assertThatThrownBy(() -> parse("--clients", ChatFanoutOptions.MAX_CLIENTS + 1))
                .hasMessageContaining("--clients");
        assertThatThrownBy(() -> parse("--clients", 0)).hasMessageContaining("--clients");
        assertThat(parse("--rate", ChatFanoutOptions.MAX_RATE_PER_S).ratePerS())
                .isEqualTo(ChatFanoutOptions.MAX_RATE_PER_S);
        assertThatThrownBy(() -> parse("--rate", ChatFanoutOptions.MAX_RATE_PER_S + 1))
                .hasMessageContaining("--rate");
        assertThat(parse("--duration-s", ChatFanoutOptions.MAX_DURATION_S)
                        .duration()
                        .toSeconds())
                .isEqualTo(ChatFanoutOptions.MAX_DURATION_S);
        assertThatThrownBy(() -> parse("--duration-s", ChatFanoutOptions.MAX_DURATION_S + 1))
                .hasMessageContaining("--duration-s");
        assertThatThrownBy(() -> parse("--senders", ChatFanoutOptions.MAX_SENDERS + 1))
                .hasMessageContaining("--senders");
        assertThatThrownBy(() -> parse("--join-batch", ChatFanoutOptions.MAX_JOIN_BATCH + 1))
                .hasMessageContaining("--join-batch");
        assertThatThrownBy(() -> ChatFanoutOptions.parse(new String[] {"--base-url", "http://a:1,".repeat(9)}))
                .hasMessageContaining("--base-url");
    }

    @Test
    void a_missing_url_an_unknown_option_and_a_non_number_are_refused() {
        assertThatThrownBy(() -> ChatFanoutOptions.parse(new String[] {})).hasMessageContaining("--base-url");
        assertThatThrownBy(() -> ChatFanoutOptions.parse(new String[] {"--base-url", "http://a:1", "--fast", "1"}))
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> ChatFanoutOptions.parse(new String[] {"--base-url", "http://a:1", "--rate", "x"}))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> ChatFanoutOptions.parse(new String[] {"--base-url"}))
                .hasMessageContaining("needs a value");
    }

    private static ChatFanoutOptions parse(String name, int value) {
        return ChatFanoutOptions.parse(new String[] {"--base-url", "http://a:1", name, String.valueOf(value)});
    }
}
