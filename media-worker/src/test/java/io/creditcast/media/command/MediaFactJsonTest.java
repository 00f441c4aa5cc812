package io.creditcast.media.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The HEALTH body the command side reads (snake_case; what was not measured is null, not invented). */
class MediaFactJsonTest {
    @Test
    void a_health_sample_with_every_measurement() {
        assertThat(new MediaFact.Health("sess-1", true, 2_500L, 29.97, 1.01, 2).toJson())
                .isEqualTo("{\"type\":\"HEALTH\",\"ingest_session_id\":\"sess-1\",\"publisher_connected\":true,"
                        + "\"input_bitrate_kbps\":2500,\"encoder_fps\":29.97,\"encoder_speed\":1.01,"
                        + "\"encoder_restarts\":2}");
    }

    @Test
    void the_first_sample_of_a_session_has_no_rates_yet() {
        assertThat(new MediaFact.Health("sess-1", false, null, null, null, 0).toJson())
                .isEqualTo("{\"type\":\"HEALTH\",\"ingest_session_id\":\"sess-1\",\"publisher_connected\":false,"
                        + "\"input_bitrate_kbps\":null,\"encoder_fps\":null,\"encoder_speed\":null,"
                        + "\"encoder_restarts\":0}");
    }
}
