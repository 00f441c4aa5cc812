package io.creditcast.command.chat.fanout;

/**
 * What one instance tells the others about a room after it happened (committed): every instance delivers
 * it to the clients connected to it. Small by design: frames are at most a few kilobytes (a 200-character
 * message); anything above the NOTIFY payload limit travels by reference (see {@link PostgresNoticeBus}).
 */
public sealed interface RoomNotice {
    /** A frame for every client in the room; {@code moderation} also makes the room's standings re-read. */
    record RoomFrame(String streamId, String frameJson, boolean moderation) implements RoomNotice {}

    /** A frame for every open room of a creator (tips name a creator, not a stream). */
    record CreatorFrame(String creatorId, String frameJson) implements RoomNotice {}

    /** The user's connections in the room are closed (4403) and the room hears of the ban. */
    record UserBanned(String streamId, String userId) implements RoomNotice {}

    /** The room's moderation state changed without a frame (an unban): standings are re-read. */
    record RoomModerated(String streamId) implements RoomNotice {}

    /** How many connections one instance has in a room; instances sum them. */
    record ViewerCount(String streamId, String instanceId, int count) implements RoomNotice {}

    /**
     * A committed wallet change that can alter whether the user may chat (or earns a low-balance notice):
     * every instance drops its cached {@code Wallet} of the user and tells the user's connections.
     * {@code walletSeq} is the wallet event's aggregate sequence number: a connection applies a wallet
     * notice only when it is newer than the last it applied, so a repeated or late notice changes nothing.
     */
    record WalletChanged(String userId, long walletSeq, long balanceMinor, WalletChange change) implements RoomNotice {}

    /** What happened to the wallet. */
    enum WalletChange {
        /** Credits moved; {@code balanceMinor} is the balance it left. */
        MONEY,
        /** The wallet went negative through a refund or chargeback and may not spend. */
        FLAGGED,
        /** A flagged wallet is back at zero or above. */
        UNFLAGGED
    }
}
