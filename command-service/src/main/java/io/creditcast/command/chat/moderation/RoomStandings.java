package io.creditcast.command.chat.moderation;

import io.creditcast.chat.ChatRoom;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.ledger.account.UserId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user's standing in a room (ban, mute, slow mode), read from the {@link ChatRoom} aggregate. Most rooms
 * never see a moderation action: loading an aggregate that does not exist costs a query and an exception
 * every time, so rooms known to have no events are remembered until their first moderation event (on this
 * instance — the same assumption as the aggregate cache; see docs/chat.md).
 */
public class RoomStandings {
    /** Rooms remembered as empty; beyond this the set is cleared (they are simply read again). */
    public static final int MAX_EMPTY_ROOMS = 100_000;

    private final AggregateReader reader;
    private final Map<String, Boolean> emptyRooms = new ConcurrentHashMap<>();

    public RoomStandings(AggregateReader reader) {
        this.reader = reader;
    }

    public ChatRoom.Standing of(String streamId, UserId user) {
        if (emptyRooms.containsKey(streamId)) {
            return ChatRoom.Standing.NONE;
        }
        ChatRoom.Standing standing =
                reader.read(ChatRoom.class, ChatRoom.idOf(streamId), r -> r.standingOf(user), null);
        if (standing == null) {
            if (emptyRooms.size() >= MAX_EMPTY_ROOMS) {
                emptyRooms.clear();
            }
            emptyRooms.put(streamId, Boolean.TRUE);
            return ChatRoom.Standing.NONE;
        }
        return standing;
    }

    /** Called for every chat event before it commits: the room is no longer empty. */
    public void roomChanged(String streamId) {
        emptyRooms.remove(streamId);
    }
}
