package io.creditcast.command.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.command.payment.PaymentProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxSettingsTest {
    static PaymentProperties.Inbox inbox(int retentionDays) {
        return new PaymentProperties.Inbox(true, 500, 50, 20, 1_000, 600_000, 60_000, retentionDays, 65_536);
    }

    @Test
    void events_are_kept_at_least_30_days() {
        assertThat(inbox(30).retentionDays()).isEqualTo(30);
        assertThatThrownBy(() -> inbox(29)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retries_back_off_exponentially_up_to_the_cap() {
        var properties = new PaymentProperties("s", "c", 100, null, null, null, inbox(35));
        var processor = new InboxProcessor(null, properties, List.of());
        assertThat(processor.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(processor.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(processor.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(processor.backoff(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(processor.backoff(11)).isEqualTo(Duration.ofMinutes(10));
        assertThat(processor.backoff(1_000)).isEqualTo(Duration.ofMinutes(10));
    }
}
