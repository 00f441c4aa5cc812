package io.creditcast.command.chat.fanout;

import java.util.function.Consumer;

/** Carries room notices to every other instance of the service (never back to the publishing one). */
public interface NoticeBus {
    /** Queues the notice for the other instances; never blocks the caller. */
    void publish(RoomNotice notice);

    /** Where notices from other instances go (one receiver, set once at wiring). */
    void onNotice(Consumer<RoomNotice> receiver);

    /**
     * Called after the bus was cut off and is receiving again: notices sent meanwhile were lost to this
     * instance (set once at wiring).
     */
    void onResubscribed(Runnable action);

    /** This instance's id on the bus (random per start). */
    String instanceId();
}
