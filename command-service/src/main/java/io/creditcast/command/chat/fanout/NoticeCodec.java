package io.creditcast.command.chat.fanout;

import io.creditcast.command.chat.fanout.RoomNotice.CreatorFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomFrame;
import io.creditcast.command.chat.fanout.RoomNotice.RoomModerated;
import io.creditcast.command.chat.fanout.RoomNotice.UserBanned;
import io.creditcast.command.chat.fanout.RoomNotice.ViewerCount;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChange;
import io.creditcast.command.chat.fanout.RoomNotice.WalletChanged;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire form of a notice: one small JSON object, {@code o} the origin instance, {@code k} the kind.
 * Decoding an unknown kind (a newer instance during a rolling deploy) yields null: it is skipped.
 */
public final class NoticeCodec {
    private final JsonMapper json;

    public NoticeCodec(JsonMapper json) {
        this.json = json;
    }

    /** A decoded notice and the instance that sent it. */
    public record Envelope(String origin, RoomNotice notice) {}

    public String encode(String origin, RoomNotice notice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("o", origin);
        switch (notice) {
            case RoomFrame f -> {
                m.put("k", f.moderation() ? "moderation_frame" : "frame");
                m.put("s", f.streamId());
                m.put("f", f.frameJson());
            }
            case CreatorFrame f -> {
                m.put("k", "creator_frame");
                m.put("c", f.creatorId());
                m.put("f", f.frameJson());
            }
            case UserBanned b -> {
                m.put("k", "banned");
                m.put("s", b.streamId());
                m.put("u", b.userId());
            }
            case RoomModerated r -> {
                m.put("k", "moderated");
                m.put("s", r.streamId());
            }
            case ViewerCount v -> {
                m.put("k", "viewers");
                m.put("s", v.streamId());
                m.put("i", v.instanceId());
                m.put("n", v.count());
            }
            case WalletChanged w -> {
                m.put("k", "wallet");
                m.put("u", w.userId());
                m.put("q", w.walletSeq());
                m.put("b", w.balanceMinor());
                m.put("c", w.change().name());
            }
        }
        return json.writeValueAsString(m);
    }

    @SuppressWarnings("unchecked")
    public Envelope decode(String payload) {
        Map<String, Object> m = json.readValue(payload, Map.class);
        String origin = (String) m.get("o");
        String s = (String) m.get("s");
        RoomNotice notice =
                switch (String.valueOf(m.get("k"))) {
                    case "frame" -> new RoomFrame(s, (String) m.get("f"), false);
                    case "moderation_frame" -> new RoomFrame(s, (String) m.get("f"), true);
                    case "creator_frame" -> new CreatorFrame((String) m.get("c"), (String) m.get("f"));
                    case "banned" -> new UserBanned(s, (String) m.get("u"));
                    case "moderated" -> new RoomModerated(s);
                    case "viewers" -> new ViewerCount(s, (String) m.get("i"), ((Number) m.get("n")).intValue());
                    case "wallet" -> walletChanged(m);
                    default -> null;
                };
        return new Envelope(origin, notice);
    }

    private static WalletChanged walletChanged(Map<String, Object> m) {
        WalletChange change;
        try {
            change = WalletChange.valueOf(String.valueOf(m.get("c")));
        } catch (IllegalArgumentException e) {
            return null; // a change this version does not know: skipped like an unknown kind
        }
        return new WalletChanged(
                (String) m.get("u"), ((Number) m.get("q")).longValue(), ((Number) m.get("b")).longValue(), change);
    }
}
