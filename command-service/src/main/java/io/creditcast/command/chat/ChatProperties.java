package io.creditcast.command.chat;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Chat limits and settings; every default is written in application.yml under {@code creditcast.chat}. Room
 * tokens are signed with the shared key ring {@code creditcast.tokens.keys} (TokenProperties).
 */
@ConfigurationProperties("creditcast.chat")
public record ChatProperties(
        long tokenTtlS,
        int maxMessageCodePoints,
        int historySize,
        int rateLimitMessages,
        long rateLimitWindowS,
        long duplicateWindowS,
        int maxConnectionsPerUser,
        int maxConnectionsPerIp,
        int outboundQueueFrames,
        int maxFrameBytes,
        long highlightCostMinor,
        long lowBalanceThresholdMinor,
        int auditPageMax,
        int notificationsPageMax) {

    public ChatProperties {
        requirePositive(tokenTtlS, "token-ttl-s");
        requirePositive(maxMessageCodePoints, "max-message-code-points");
        requirePositive(historySize, "history-size");
        requirePositive(rateLimitMessages, "rate-limit-messages");
        requirePositive(rateLimitWindowS, "rate-limit-window-s");
        requirePositive(maxConnectionsPerUser, "max-connections-per-user");
        requirePositive(maxConnectionsPerIp, "max-connections-per-ip");
        requirePositive(outboundQueueFrames, "outbound-queue-frames");
        requirePositive(maxFrameBytes, "max-frame-bytes");
        requirePositive(auditPageMax, "audit-page-max");
        requirePositive(notificationsPageMax, "notifications-page-max");
        if (duplicateWindowS < 0 || highlightCostMinor < 0 || lowBalanceThresholdMinor < 0) {
            throw new IllegalArgumentException("chat durations and amounts must not be negative");
        }
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("creditcast.chat." + name + " must be positive");
        }
    }
}
