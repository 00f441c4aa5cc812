package io.creditcast.command.chat.fanout;

import java.util.function.Consumer;

/** Carries room notices to every other instance of the service (never back to the publishing one). */
public interface NoticeBus {
    /** Queues the notice for the other instances; never blocks the caller. */
    void publish(RoomNotice notice);

    /** Where notices from other instances go (one receiver, set once at wiring). */
    void onNotice(Consumer<RoomNotice> receiver);

    /** This instance's id on the bus (random per start). */
    String instanceId();
}
