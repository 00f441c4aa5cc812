package io.creditcast.media.playback;

import java.util.Map;

/**
 * Listeners per stream counted outside live playback (audio relays), reported in the same {@code AUDIENCE} fact as a
 * stream's viewers, so that one report per stream carries both numbers.
 */
@FunctionalInterface
public interface ListenerCounts {
    /** Stream id → listeners now; streams without listeners may be absent. */
    Map<String, Long> byStream();
}
