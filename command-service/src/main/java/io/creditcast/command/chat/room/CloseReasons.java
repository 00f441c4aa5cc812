package io.creditcast.command.chat.room;

import org.springframework.web.reactive.socket.CloseStatus;

/** WebSocket close codes (4000-4999 are the application's) with a stable reason string. */
public final class CloseReasons {
    private CloseReasons() {}

    public static final CloseStatus TOKEN_INVALID = new CloseStatus(4401, "token_invalid");
    public static final CloseStatus BANNED = new CloseStatus(4403, "banned");
    public static final CloseStatus SLOW_CONSUMER = new CloseStatus(4408, "slow_consumer");
    public static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(4429, "too_many_connections");
    public static final CloseStatus PROTOCOL_ABUSE = new CloseStatus(4400, "protocol_abuse");
}
