package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.chat.fanout.NoticeBus;
import io.creditcast.command.chat.fanout.RoomFanout;
import io.creditcast.command.chat.fanout.RoomNotice;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChange;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChanged;
import io.creditcast.command.chat.fanout.ViewerCounts;
import io.creditcast.command.chat.live.ChatLiveEvents;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.room.ChatConnection;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.chat.room.ChatHub;
import io.creditcast.command.eventstore.BoundedLruCache;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.WalletEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wallet notices without a server: which wallet events are published, and that a connection applies each
 * wallet change once and only when newer (a repeated or late notice changes nothing).
 */
class WalletNoticeTest {
    static final long LOW_BALANCE_MINOR = 10;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final ChatFrames frames = new ChatFrames(JSON);
    final ChatHub hub = new ChatHub(ChatLimitsTest.props(5, 50, 256), frames);
    final List<RoomNotice> published = new ArrayList<>();
    final NoticeBus bus = new NoticeBus() {
        @Override
        public void publish(RoomNotice notice) {
            published.add(notice);
        }

        @Override
        public void onNotice(Consumer<RoomNotice> receiver) {}

        @Override
        public void onResubscribed(Runnable action) {}

        @Override
        public String instanceId() {
            return "this-instance";
        }
    };
    final BoundedLruCache walletCache = new BoundedLruCache(10);
    final RoomFanout fanout = new RoomFanout(
            hub,
            frames,
            bus,
            new RoomStandings(null),
            new BoundedLruCache(10),
            new ViewerCounts(hub, frames, bus),
            walletCache,
            LOW_BALANCE_MINOR);

    final List<Map<String, Object>> received = new ArrayList<>();

    ChatConnection connect(String user) {
        var c = new ChatConnection(
                "c-" + user, "stream-1", new UserId(user), false, true, "10.0.0.1", 256, ChatConnection.DIRECT);
        assertThat(hub.join(c, new UserId("creator-1"))).isInstanceOf(ChatHub.Admitted.class);
        c.frames().subscribe(f -> received.add(parse(f.json())));
        return c;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String frame) {
        return JSON.readValue(frame, Map.class);
    }

    @Test
    void a_remote_wallet_change_drops_the_cached_wallet_and_tells_the_user_once() {
        var c = connect("viewer-1");
        walletCache.put("viewer-1", "stale wallet");

        var drained = new WalletChanged("viewer-1", 5, 0, WalletChange.MONEY);
        fanout.receive(drained);
        assertThat(walletCache.<String, Object>get("viewer-1")).isNull();
        assertThat(c.eligible()).isFalse();
        assertThat(received)
                .containsExactly(Map.of("type", "eligibility", "can_send", false, "reason", "balance_zero"));

        fanout.receive(drained); // the same notice again
        fanout.receive(new WalletChanged("viewer-1", 4, 50, WalletChange.MONEY)); // an older one, late
        assertThat(received).hasSize(1);
        assertThat(c.eligible()).isFalse();

        fanout.receive(new WalletChanged("viewer-1", 6, LOW_BALANCE_MINOR, WalletChange.MONEY));
        assertThat(c.eligible()).isTrue();
        assertThat(received)
                .containsExactly(
                        Map.of("type", "eligibility", "can_send", false, "reason", "balance_zero"),
                        Map.of("type", "eligibility", "can_send", true, "reason", "credits_available"),
                        Map.of("type", "low_balance", "balance_minor", 10));
        assertThat(published).isEmpty(); // a notice from another instance is not published again
    }

    @Test
    void a_local_wallet_change_is_published_for_the_other_instances_and_keeps_this_instances_cache() {
        var c = connect("viewer-2");
        walletCache.put("viewer-2", "fresh wallet");
        var change = new WalletChanged("viewer-2", 3, LOW_BALANCE_MINOR + 1, WalletChange.MONEY);
        fanout.walletChanged(change);
        assertThat(published).containsExactly(change);
        assertThat(walletCache.<String, Object>get("viewer-2")).isEqualTo("fresh wallet");
        assertThat(received).isEmpty(); // still eligible, above the threshold: nothing to say
        assertThat(c.eligible()).isTrue();
    }

    @Test
    void flagged_and_unflagged_change_the_permission_and_an_unflag_at_zero_does_not() {
        var c = connect("viewer-3");
        fanout.receive(new WalletChanged("viewer-3", 1, -20, WalletChange.FLAGGED));
        fanout.receive(new WalletChanged("viewer-3", 2, 0, WalletChange.UNFLAGGED));
        assertThat(c.eligible()).isFalse();
        fanout.receive(new WalletChanged("viewer-3", 3, 30, WalletChange.UNFLAGGED));
        assertThat(c.eligible()).isTrue();
        assertThat(received)
                .containsExactly(
                        Map.of("type", "eligibility", "can_send", false, "reason", "wallet_flagged"),
                        Map.of("type", "eligibility", "can_send", true, "reason", "wallet_unflagged"));
    }

    @Test
    void after_the_bus_was_cut_off_the_cached_wallets_of_connected_users_are_dropped_and_no_one_elses() {
        connect("viewer-4");
        walletCache.put("viewer-4", "maybe stale");
        walletCache.put("not-in-chat", "kept");
        fanout.missedNotices();
        assertThat(walletCache.<String, Object>get("viewer-4")).isNull();
        assertThat(walletCache.<String, Object>get("not-in-chat")).isEqualTo("kept");
    }

    @Test
    void spends_are_published_only_at_or_under_the_low_balance_threshold_everything_else_always() {
        assertThat(ChatLiveEvents.tellsChat(tip(LOW_BALANCE_MINOR + 1), LOW_BALANCE_MINOR))
                .isFalse();
        assertThat(ChatLiveEvents.tellsChat(tip(LOW_BALANCE_MINOR), LOW_BALANCE_MINOR))
                .isTrue();
        assertThat(ChatLiveEvents.tellsChat(tip(0), LOW_BALANCE_MINOR)).isTrue();
        assertThat(ChatLiveEvents.tellsChat(adjusted(1_000_000), LOW_BALANCE_MINOR))
                .isTrue();
    }

    static WalletEvent.Money tip(long balanceAfterMinor) {
        return new WalletEvent.TipSent(
                new UserId("viewer-1"),
                "tip-1",
                new UserId("creator-1"),
                Credits.of(5),
                Credits.of(1),
                Credits.of(4),
                "",
                "tx-1",
                List.of(),
                balanceAfterMinor,
                Instant.EPOCH);
    }

    static WalletEvent.Money adjusted(long balanceAfterMinor) {
        return new WalletEvent.WalletAdjusted(
                new UserId("viewer-1"),
                "adj-1",
                100,
                "test",
                new UserId("admin-1"),
                "tx-1",
                List.of(),
                balanceAfterMinor,
                Instant.EPOCH);
    }
}
