package io.creditcast.command.chat.room;

import io.creditcast.command.chat.message.ChatMessageStore.StoredMessage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Every outbound frame: a JSON object with a {@code type}. The protocol is described in docs/chat.md. */
public class ChatFrames {
    private final JsonMapper json;

    public ChatFrames(JsonMapper json) {
        this.json = json;
    }

    private String frame(String type, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return json.writeValueAsString(m);
    }

    public Map<String, Object> messageBody(StoredMessage m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.id());
        body.put("user_id", m.userId());
        body.put("text", m.text());
        body.put("highlighted", m.highlighted());
        body.put("paid_minor", m.paidMinor());
        body.put("sent_at", m.sentAt().toString());
        return body;
    }

    public String welcome(String streamId, String userId, boolean canSend, int slowModeS, int maxCodePoints) {
        return frame(
                "welcome",
                "stream_id",
                streamId,
                "user_id",
                userId,
                "can_send",
                canSend,
                "slow_mode_s",
                slowModeS,
                "max_message_code_points",
                maxCodePoints);
    }

    public String history(List<StoredMessage> messages) {
        return frame(
                "history", "messages", messages.stream().map(this::messageBody).toList());
    }

    public String message(StoredMessage m) {
        Map<String, Object> body = messageBody(m);
        body.put("type", "message");
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("type", "message");
        ordered.putAll(body);
        return json.writeValueAsString(ordered);
    }

    public String ack(String clientMsgId, long messageId, boolean replayed) {
        return frame("ack", "client_msg_id", clientMsgId, "id", messageId, "replayed", replayed);
    }

    public String error(String code, String detail, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code);
        m.put("detail", detail);
        m.putAll(extra);
        return json.writeValueAsString(m);
    }

    public String error(String code, String detail) {
        return error(code, detail, Map.of());
    }

    public String messageDeleted(long messageId) {
        return frame("message_deleted", "id", messageId);
    }

    public String userMuted(String userId, Instant until) {
        return frame("user_muted", "user_id", userId, "until", until.toString());
    }

    public String userBanned(String userId) {
        return frame("user_banned", "user_id", userId);
    }

    public String slowMode(int intervalS) {
        return frame("slow_mode", "interval_s", intervalS);
    }

    public String viewers(int count) {
        return frame("viewers", "count", count);
    }

    public String tip(String tipId, String fromUserId, long amountMinor, String message, String animation) {
        return frame(
                "tip",
                "tip_id",
                tipId,
                "user_id",
                fromUserId,
                "amount_minor",
                amountMinor,
                "message",
                message == null ? "" : message,
                "highlighted",
                true,
                "animation",
                animation);
    }

    public String streamStatus(String status) {
        return frame("stream_status", "status", status);
    }

    public String lowBalance(long balanceMinor) {
        return frame("low_balance", "balance_minor", balanceMinor);
    }

    public String eligibility(boolean canSend, String reason) {
        return frame("eligibility", "can_send", canSend, "reason", reason);
    }

    public String pong() {
        return frame("pong");
    }
}
