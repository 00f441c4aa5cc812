package io.creditcast.command.chat.live;

/**
 * What chat needs to hear about a stream's lifecycle. The stream events (went live, ended, …) belong to
 * the stream feature; an event handler there calls this (see docs/chat.md, "Wiring at merge").
 */
public interface StreamLifecycleListener {
    /** The stream went live: its room is told and the creator's followers are notified. */
    void streamWentLive(String streamId);

    /** Any other status change (paused, resumed, ended, taken down): its room is told. */
    void streamStatusChanged(String streamId, String status);
}
