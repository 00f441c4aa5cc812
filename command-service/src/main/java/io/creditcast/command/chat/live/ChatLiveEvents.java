package io.creditcast.command.chat.live;

import io.creditcast.chat.ChatEvent;
import io.creditcast.chat.ChatEvent.ChatMessageDeleted;
import io.creditcast.chat.ChatEvent.ChatUserBanned;
import io.creditcast.chat.ChatEvent.ChatUserMuted;
import io.creditcast.chat.ChatEvent.ChatUserUnbanned;
import io.creditcast.chat.ChatEvent.SlowModeChanged;
import io.creditcast.command.chat.ChatProperties;
import io.creditcast.command.chat.fanout.RoomFanout;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChange;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChanged;
import io.creditcast.command.chat.message.ChatMessageStore;
import io.creditcast.command.chat.moderation.ModerationAudit;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.idempotency.IdempotencyInterceptor;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ProductPurchased;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import io.creditcast.ledger.wallet.WalletEvent.WalletFlagged;
import io.creditcast.ledger.wallet.WalletEvent.WalletUnflagged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Turns events into room frames. Runs in a subscribing processor ({@value #GROUP}): in the transaction
 * that stores the event (so the audit row and the deletion mark commit with it), and frames go out only
 * after that commit. Cheap for events nobody in a room cares about (a map lookup per metering debit).
 */
@ProcessingGroup(ChatLiveEvents.GROUP)
public class ChatLiveEvents {
    public static final String GROUP = "chat-live";

    private final RoomFanout fanout;
    private final ChatFrames frames;
    private final ChatMessageStore store;
    private final ModerationAudit audit;
    private final long lowBalanceMinor;
    private final RoomStandings standings;

    public ChatLiveEvents(
            RoomFanout fanout,
            ChatFrames frames,
            ChatMessageStore store,
            ModerationAudit audit,
            ChatProperties properties,
            RoomStandings standings) {
        this.standings = standings;
        this.fanout = fanout;
        this.frames = frames;
        this.store = store;
        this.audit = audit;
        this.lowBalanceMinor = properties.lowBalanceThresholdMinor();
    }

    static void afterCommit(Runnable r) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> r.run());
        } else {
            r.run();
        }
    }

    // ---- moderation ------------------------------------------------------------------------------

    /** Once a room event is committed the room exists: its standings are read again. */
    private void changed(ChatEvent e) {
        afterCommit(() -> standings.roomChanged(e.streamId()));
    }

    @EventHandler
    void on(ChatMessageDeleted e, EventMessage<?> m) {
        changed(e);
        audit.record(m.getIdentifier(), e, actionOf(e), "author:" + e.authorId());
        store.markDeleted(e.streamId(), e.messageId(), e.actorId().value(), e.occurredAt());
        afterCommit(() -> fanout.moderation(e.streamId(), frames.messageDeleted(e.messageId())));
    }

    @EventHandler
    void on(ChatUserMuted e, EventMessage<?> m) {
        changed(e);
        audit.record(m.getIdentifier(), e, actionOf(e), "until:" + e.mutedUntil());
        afterCommit(() ->
                fanout.moderation(e.streamId(), frames.userMuted(e.targetId().value(), e.mutedUntil())));
    }

    @EventHandler
    void on(ChatUserBanned e, EventMessage<?> m) {
        changed(e);
        audit.record(m.getIdentifier(), e, actionOf(e), null);
        afterCommit(() -> fanout.banned(e.streamId(), e.targetId().value()));
    }

    @EventHandler
    void on(ChatUserUnbanned e, EventMessage<?> m) {
        changed(e);
        audit.record(m.getIdentifier(), e, actionOf(e), null);
        afterCommit(() -> fanout.moderated(e.streamId()));
    }

    @EventHandler
    void on(SlowModeChanged e, EventMessage<?> m) {
        changed(e);
        audit.record(m.getIdentifier(), e, actionOf(e), "interval_s:" + e.intervalS());
        afterCommit(() -> fanout.moderation(e.streamId(), frames.slowMode(e.intervalS())));
    }

    // ---- money -----------------------------------------------------------------------------------

    /**
     * Tips show in every open room of the creator, on every instance (the rooms may all be on another
     * one); paid highlights already show as their message.
     */
    private void showTip(TipSent e, String scope) {
        if ("chat-highlight".equals(scope)) {
            return;
        }
        String frame = frames.tip(
                e.tipId(),
                e.walletId().value(),
                e.amount().minor(),
                e.message(),
                animationFor(e.amount().minor()));
        afterCommit(() -> fanout.toCreatorRooms(e.creatorId().value(), frame));
    }

    /** Size of the on-screen reaction: the client picks the animation. */
    public static String animationFor(long amountMinor) {
        if (amountMinor >= 1_000) {
            return "large";
        }
        return amountMinor >= 100 ? "medium" : "small";
    }

    /**
     * Balance changes that can matter to chat go to the user's connections on every instance (the viewer
     * may be connected to another one than the instance that handled the wallet command); a tip also shows
     * in the creator's rooms. (One handler per event type and class: Axon calls only the most specific one.)
     */
    @EventHandler
    void on(
            WalletEvent.Money e,
            @SequenceNumber Long walletSeq,
            @MetaDataValue(IdempotencyInterceptor.SCOPE) String scope) {
        if (e instanceof TipSent tip) {
            showTip(tip, scope);
        }
        if (!tellsChat(e, lowBalanceMinor)) {
            return;
        }
        var change = new WalletChanged(e.walletId().value(), walletSeq, e.balanceAfterMinor(), WalletChange.MONEY);
        afterCommit(() -> fanout.walletChanged(change));
    }

    /**
     * Whether a balance change can change what chat tells the user. A spend (metering interval, tip,
     * purchase) only lowers the balance, so one that leaves more than the low-balance threshold neither
     * takes the right to chat away nor gives it back nor earns a low-balance notice: those — the hot
     * metering path — publish nothing. Everything else (top-ups, refunds, chargebacks, adjustments, and
     * any change that leaves the balance at or under the threshold) is published.
     */
    public static boolean tellsChat(WalletEvent.Money e, long lowBalanceMinor) {
        boolean spend = e instanceof IntervalDebited || e instanceof TipSent || e instanceof ProductPurchased;
        return !spend || e.balanceAfterMinor() <= lowBalanceMinor;
    }

    @EventHandler
    void on(WalletFlagged e, @SequenceNumber Long walletSeq) {
        var change = new WalletChanged(e.walletId().value(), walletSeq, e.balanceMinor(), WalletChange.FLAGGED);
        afterCommit(() -> fanout.walletChanged(change));
    }

    @EventHandler
    void on(WalletUnflagged e, @SequenceNumber Long walletSeq) {
        var change = new WalletChanged(e.walletId().value(), walletSeq, e.balanceMinor(), WalletChange.UNFLAGGED);
        afterCommit(() -> fanout.walletChanged(change));
    }

    /** The audit action of each moderation event (exhaustive over the sealed events). */
    static String actionOf(ChatEvent e) {
        return switch (e) {
            case ChatMessageDeleted d -> "delete";
            case ChatUserMuted mu -> "mute";
            case ChatUserBanned b -> "ban";
            case ChatUserUnbanned u -> "unban";
            case SlowModeChanged s -> "slow_mode";
        };
    }
}
