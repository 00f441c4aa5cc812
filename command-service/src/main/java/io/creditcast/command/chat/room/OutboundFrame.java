package io.creditcast.command.chat.room;

import java.nio.charset.StandardCharsets;

/**
 * A frame on its way to clients: its JSON (for server-sent events) and that JSON's UTF-8 bytes, encoded
 * once. A room broadcast hands the same instance to every connection, so a message to 2,000 clients is
 * encoded once, not 2,000 times; the bytes are only read after construction.
 */
public record OutboundFrame(String json, byte[] utf8) {
    public static OutboundFrame of(String json) {
        return new OutboundFrame(json, json.getBytes(StandardCharsets.UTF_8));
    }
}
