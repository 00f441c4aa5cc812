package io.creditcast.command.chat.live;

import io.creditcast.command.chat.fanout.RoomFanout;
import io.creditcast.command.chat.follow.FollowStore;
import io.creditcast.command.chat.follow.NotificationHub;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.ledger.account.UserId;
import io.creditcast.stream.Stream;
import java.time.Clock;

/**
 * Chat's side of stream lifecycle facts: the room hears the status; when a stream goes live, every
 * follower of its creator gets a stored notification and online followers get it at once.
 */
public class ChatStreamLifecycle implements StreamLifecycleListener {
    private final RoomFanout rooms;
    private final ChatFrames frames;
    private final FollowStore follows;
    private final NotificationHub notifications;
    private final AggregateReader reader;
    private final Clock clock;

    public ChatStreamLifecycle(
            RoomFanout rooms,
            ChatFrames frames,
            FollowStore follows,
            NotificationHub notifications,
            AggregateReader reader,
            Clock clock) {
        this.rooms = rooms;
        this.frames = frames;
        this.follows = follows;
        this.notifications = notifications;
        this.reader = reader;
        this.clock = clock;
    }

    /** Blocking (JDBC): call it off the event loop, e.g. from an event handler. */
    @Override
    public void streamWentLive(String streamId) {
        rooms.toRoom(streamId, frames.streamStatus("live"));
        UserId creator = reader.read(Stream.class, streamId, Stream::creatorId, null);
        if (creator == null) {
            return;
        }
        var delivered = follows.notifyFollowersWentLive(
                creator.value(), streamId, creator.value() + " is live", clock.instant());
        for (var d : delivered) {
            notifications.deliver(d.userId(), d.notification());
        }
    }

    @Override
    public void streamStatusChanged(String streamId, String status) {
        rooms.toRoom(streamId, frames.streamStatus(status));
    }
}
