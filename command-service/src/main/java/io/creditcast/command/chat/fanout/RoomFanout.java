package io.creditcast.command.chat.fanout;

import io.creditcast.chat.ChatRoom;
import io.creditcast.command.chat.fanout.RoomNotice.CreatorFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomModerated;
import io.creditcast.command.chat.fanout.RoomNotice.UserBanned;
import io.creditcast.command.chat.fanout.RoomNotice.ViewerCount;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChanged;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.room.ChatConnection;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.chat.room.ChatHub;
import io.creditcast.command.chat.room.CloseReasons;
import org.axonframework.common.caching.Cache;

/**
 * Every room event goes through here, after its commit: delivered at once to the clients on this
 * instance, and published on the {@link NoticeBus} for the clients on the others. A notice from another
 * instance is delivered the same way; a moderation notice also drops this instance's cached view of the
 * room (the {@link ChatRoom} aggregate and the "room has no moderation" memory), so a ban taken on one
 * instance holds for sends and tokens on every other one. A wallet notice from another instance likewise
 * drops this instance's cached {@code Wallet} of the user before the user's connections are told, so the
 * next send or token request here reads the balance the other instance committed.
 */
public class RoomFanout {
    private final ChatHub hub;
    private final ChatFrames frames;
    private final NoticeBus bus;
    private final RoomStandings standings;
    private final Cache chatRoomCache;
    private final ViewerCounts viewerCounts;
    private final Cache walletCache;
    private final long lowBalanceMinor;

    public RoomFanout(
            ChatHub hub,
            ChatFrames frames,
            NoticeBus bus,
            RoomStandings standings,
            Cache chatRoomCache,
            ViewerCounts viewerCounts,
            Cache walletCache,
            long lowBalanceMinor) {
        this.walletCache = walletCache;
        this.lowBalanceMinor = lowBalanceMinor;
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

    /** A committed wallet change: the user's connections on every instance are told (after the commit). */
    public void walletChanged(WalletChanged change) {
        publish(change);
    }

    private void publish(RoomNotice notice) {
        deliver(notice, false);
        bus.publish(notice);
    }

    /**
     * The bus was cut off and notices may have been lost: the cached rooms and wallets of everyone connected
     * here are dropped, so the next send, token or join reads moderation and balances from the event store.
     * (The frames of the lost notices are not sent again.)
     */
    public void missedNotices() {
        hub.roomIds().forEach(this::forgetRoomState);
        hub.userIds().forEach(walletCache::remove);
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
            case WalletChanged w -> {
                if (remote) {
                    walletCache.remove(w.userId()); // before telling: a send that follows reads the new balance
                }
                tell(w);
            }
        }
    }

    /**
     * Eligibility and low-balance frames to the user's connections here. Each connection applies a wallet
     * change once and only when newer than the last it applied; {@code eligibility} frames go out only when
     * the connection's send permission changes.
     */
    private void tell(WalletChanged w) {
        for (ChatConnection c : hub.connectionsOf(w.userId())) {
            if (c.privileged() || !c.canSend() || !c.applyWalletSeq(w.walletSeq())) {
                continue;
            }
            switch (w.change()) {
                case FLAGGED -> {
                    c.eligible(false);
                    c.offer(frames.eligibility(false, "wallet_flagged"));
                }
                case UNFLAGGED -> {
                    if (w.balanceMinor() > 0 && !c.eligible()) {
                        c.eligible(true);
                        c.offer(frames.eligibility(true, "wallet_unflagged"));
                    }
                }
                case MONEY -> {
                    if (w.balanceMinor() <= 0) {
                        if (c.eligible()) {
                            c.eligible(false);
                            c.offer(frames.eligibility(false, "balance_zero"));
                        }
                    } else {
                        if (!c.eligible()) {
                            c.eligible(true);
                            c.offer(frames.eligibility(true, "credits_available"));
                        }
                        if (w.balanceMinor() <= lowBalanceMinor) {
                            c.offer(frames.lowBalance(w.balanceMinor()));
                        }
                    }
                }
            }
        }
    }

    /** The room changed on another instance: read it from the event store next time. */
    private void forgetRoomState(String streamId) {
        standings.roomChanged(streamId);
        chatRoomCache.remove(ChatRoom.idOf(streamId));
    }
}
