package io.creditcast.command.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.chat.fanout.NoticeCodec;
import io.creditcast.command.chat.fanout.RoomNotice;
import io.creditcast.command.chat.fanout.RoomNotice.CreatorFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomModerated;
import io.creditcast.command.chat.fanout.RoomNotice.UserBanned;
import io.creditcast.command.chat.fanout.RoomNotice.ViewerCount;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChange;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChanged;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class NoticeCodecTest {
    final NoticeCodec codec = new NoticeCodec(JsonMapper.builder().build());

    @Test
    void every_kind_of_notice_survives_the_wire_with_its_origin() {
        List<RoomNotice> notices = List.of(
                new RoomFrame("s1", "{\"type\":\"message\",\"text\":\"caf\\u00e9 \\\"quoted\\\"\"}", false),
                new RoomFrame("s1", "{\"type\":\"message_deleted\",\"id\":7}", true),
                new CreatorFrame("creator-1", "{\"type\":\"tip\"}"),
                new UserBanned("s1", "viewer-1"),
                new RoomModerated("s1"),
                new ViewerCount("s1", "instance-b", 1_999),
                new WalletChanged("viewer-1", 42, 0, WalletChange.MONEY),
                new WalletChanged("viewer-1", 43, -250, WalletChange.FLAGGED),
                new WalletChanged("viewer-1", 44, 10, WalletChange.UNFLAGGED));
        for (RoomNotice n : notices) {
            var envelope = codec.decode(codec.encode("instance-a", n));
            assertThat(envelope.origin()).isEqualTo("instance-a");
            assertThat(envelope.notice()).isEqualTo(n);
        }
    }

    @Test
    void a_kind_this_version_does_not_know_is_skipped_not_an_error() {
        var envelope = codec.decode("{\"o\":\"newer\",\"k\":\"reaction\",\"s\":\"s1\"}");
        assertThat(envelope.origin()).isEqualTo("newer");
        assertThat(envelope.notice()).isNull();
    }

    @Test
    void a_wallet_change_this_version_does_not_know_is_skipped_not_an_error() {
        var envelope = codec.decode("{\"o\":\"newer\",\"k\":\"wallet\",\"u\":\"v\",\"q\":1,\"b\":0,\"c\":\"FROZEN\"}");
        assertThat(envelope.notice()).isNull();
    }

    @Test
    void a_two_hundred_character_message_frame_stays_far_below_the_notify_payload_limit() {
        String frame = "{\"type\":\"message\",\"id\":1,\"user_id\":\"" + "u".repeat(128) + "\",\"text\":\""
                + "\uD83D\uDE00".repeat(200) + "\",\"highlighted\":false,\"paid_minor\":0,\"sent_at\":\"x\"}";
        String payload = codec.encode("instance-a", new RoomFrame("s".repeat(200), frame, false));
        assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(io.creditcast.command.chat.fanout.PostgresNoticeBus.MAX_NOTIFY_PAYLOAD_BYTES / 4);
    }
}
