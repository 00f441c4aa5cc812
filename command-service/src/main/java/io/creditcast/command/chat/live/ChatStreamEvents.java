package io.creditcast.command.chat.live;

import io.creditcast.stream.StreamEvent.StreamEnded;
import io.creditcast.stream.StreamEvent.StreamPaused;
import io.creditcast.stream.StreamEvent.StreamResumed;
import io.creditcast.stream.StreamEvent.StreamTakenDown;
import io.creditcast.stream.StreamEvent.StreamWentLive;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The media worker's facts reach the chat: a stream going live notifies its room and the creator's followers;
 * pauses, resumptions, ends and takedowns change the room's status. Runs in the chat's subscribing processor
 * and acts only after the fact has committed (the facts arrive through commands on the blocking pool, so the
 * follower lookup never runs on an event loop).
 */
@Component
@ProcessingGroup(ChatLiveEvents.GROUP)
public class ChatStreamEvents {
    private final StreamLifecycleListener lifecycle;

    public ChatStreamEvents(StreamLifecycleListener lifecycle) {
        this.lifecycle = lifecycle;
    }

    @EventHandler
    void on(StreamWentLive e) {
        ChatLiveEvents.afterCommit(() -> lifecycle.streamWentLive(e.streamId()));
    }

    @EventHandler
    void on(StreamPaused e) {
        ChatLiveEvents.afterCommit(() -> lifecycle.streamStatusChanged(e.streamId(), "paused"));
    }

    @EventHandler
    void on(StreamResumed e) {
        ChatLiveEvents.afterCommit(() -> lifecycle.streamStatusChanged(e.streamId(), "live"));
    }

    @EventHandler
    void on(StreamEnded e) {
        ChatLiveEvents.afterCommit(() -> lifecycle.streamStatusChanged(e.streamId(), "ended"));
    }

    @EventHandler
    void on(StreamTakenDown e) {
        ChatLiveEvents.afterCommit(() -> lifecycle.streamStatusChanged(e.streamId(), "taken_down"));
    }
}
