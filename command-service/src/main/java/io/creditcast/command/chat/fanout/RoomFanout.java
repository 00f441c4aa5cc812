package io.creditcast.command.chat.fanout;

import io.creditcast.chat.ChatRoom;
import io.creditcast.command.chat.fanout.RoomNotice.CreatorFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomModerated;
import io.creditcast.command.chat.fanout.RoomNotice.UserBanned;
import io.creditcast.command.chat.fanout.RoomNotice.ViewerCount;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.chat.room.ChatHub;
import io.creditcast.command.chat.room.CloseReasons;
import org.axonframework.common.caching.Cache;

/**
 * Every room event goes through here, after its commit: delivered at once to the clients on this
 * instance, and published on the {@link NoticeBus} for the clients on the others. A notice from another
 * instance is delivered the same way; a moderation notice also drops this instance's cached view of the
 * room (the {@link ChatRoom} aggregate and the "room has no moderation" memory), so a ban taken on one
 * instance holds for sends and tokens on every other one.
 */
public class RoomFanout {
    private final ChatHub hub;
    private final ChatFrames frames;
    private final NoticeBus bus;
    private final RoomStandings standings;
    private final Cache chatRoomCache;
    private final ViewerCounts viewerCounts;

    public RoomFanout(
            ChatHub hub,
            ChatFrames frames,
            NoticeBus bus,
            RoomStandings standings,
            Cache chatRoomCache,
            ViewerCounts viewerCounts) {
        this.hub = hub;
        this.frames = frames;
        this.bus = bus;
        this.standings = standings;
        this.chatRoomCache = chatRoomCache;
        this.viewerCounts = viewerCounts;
    }

    /** A frame for everyone in the room (messages, stream status). */
    public void toRoom(String streamId, String frameJson) {
        publish(new RoomFrame(streamId, frameJson, false));
    }

    /** A frame that follows a moderation event (deletion, mute, slow mode). */
    public void moderation(String streamId, String frameJson) {
        publish(new RoomFrame(streamId, frameJson, true));
    }

    /** A moderation change without a frame (an unban). */
    public void moderated(String streamId) {
        publish(new RoomModerated(streamId));
    }

    public void banned(String streamId, String userId) {
        publish(new UserBanned(streamId, userId));
    }

    /** A frame for every open room of the creator, on every instance (tips). */
    public void toCreatorRooms(String creatorId, String frameJson) {
        publish(new CreatorFrame(creatorId, frameJson));
    }

    private void publish(RoomNotice notice) {
        deliver(notice, false);
        bus.publish(notice);
    }

    /** A notice from another instance. */
    public void receive(RoomNotice notice) {
        deliver(notice, true);
    }

    private void deliver(RoomNotice notice, boolean remote) {
        switch (notice) {
            case RoomFrame f -> {
                if (f.moderation() && remote) {
                    forgetRoomState(f.streamId());
                }
                hub.broadcast(f.streamId(), f.frameJson());
            }
            case CreatorFrame f -> hub.roomsOfCreator(f.creatorId()).forEach(r -> hub.broadcast(r, f.frameJson()));
            case UserBanned b -> {
                if (remote) {
                    forgetRoomState(b.streamId());
                }
                hub.closeWhere(
                        b.streamId(),
                        c -> c.userId().value().equals(b.userId()),
                        frames.error("banned", "you are banned from this chat"),
                        CloseReasons.BANNED);
                hub.broadcast(b.streamId(), frames.userBanned(b.userId()));
            }
            case RoomModerated m -> {
                if (remote) {
                    forgetRoomState(m.streamId());
                }
            }
            case ViewerCount v -> viewerCounts.remote(v);
        }
    }

    /** The room changed on another instance: read it from the event store next time. */
    private void forgetRoomState(String streamId) {
        standings.roomChanged(streamId);
        chatRoomCache.remove(ChatRoom.idOf(streamId));
    }
}
