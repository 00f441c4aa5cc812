package io.creditcast.media.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.media.command.MediaFact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AudienceReportsTest {
    final AtomicLong now = new AtomicLong();
    final AudienceCounter viewers = new AudienceCounter(Duration.ofSeconds(15), 100, now::get);
    final Set<String> liveSessions = new HashSet<>();
    final Map<String, Long> relayListeners = new HashMap<>();
    final List<Map.Entry<String, MediaFact.Audience>> reported = new ArrayList<>();
    final AudienceReports reports = new AudienceReports(
            viewers,
            liveSessions::contains,
            () -> List.of(() -> Map.copyOf(relayListeners)),
            (streamId, audience) -> reported.add(Map.entry(streamId, audience)));

    @Test
    void viewersOfALiveSessionAndListenersOfARelayGoIntoOneFactPerStream() {
        liveSessions.add("both");
        viewers.saw("both", "viewer-1");
        viewers.saw("both", "viewer-2");
        relayListeners.put("both", 3L);
        relayListeners.put("radio", 1L);

        reports.tick();

        assertThat(reported)
                .containsExactlyInAnyOrder(
                        Map.entry("both", new MediaFact.Audience(2, 3)),
                        Map.entry("radio", new MediaFact.Audience(0, 1)));
    }

    @Test
    void anUnchangedAudienceIsNotReportedAgainAndAChangeIs() {
        relayListeners.put("radio", 1L);
        reports.tick();
        reports.tick();
        relayListeners.put("radio", 0L);
        reports.tick();

        assertThat(reported)
                .containsExactly(
                        Map.entry("radio", new MediaFact.Audience(0, 1)),
                        Map.entry("radio", new MediaFact.Audience(0, 0)));
    }

    @Test
    void aStreamWithoutLiveSessionOrRelayIsForgottenAndNotReported() {
        viewers.saw("ended", "viewer-1"); // fetched a playlist, but the session is gone
        relayListeners.put("radio", 2L);
        reports.tick();
        relayListeners.clear(); // the relay stopped
        reports.tick();

        assertThat(reported).containsExactly(Map.entry("radio", new MediaFact.Audience(0, 2)));
        assertThat(viewers.streams()).doesNotContain("ended");
        relayListeners.put("radio", 2L); // a new relay: reported again from scratch
        reports.tick();
        assertThat(reported).hasSize(2);
    }
}
