package io.creditcast.command.chat.message;

import io.creditcast.command.chat.ChatProperties;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flood protection of this instance: at most {@code rateLimitMessages} per {@code rateLimitWindowS} per
 * user, the same text from the same user in the same room once per {@code duplicateWindowS}, and slow
 * mode (one message per interval per user and room; the creator and moderators are exempt). A message
 * is counted only when it is accepted.
 */
public class SendLimiter {
    /** Recent texts remembered per user and room for duplicate suppression. */
    public static final int MAX_RECENT_TEXTS = 8;

    private final int maxMessages;
    private final long windowMs;
    private final long duplicateWindowMs;
    private final Map<String, UserState> users = new ConcurrentHashMap<>();

    public SendLimiter(ChatProperties properties) {
        this.maxMessages = properties.rateLimitMessages();
        this.windowMs = properties.rateLimitWindowS() * 1000;
        this.duplicateWindowMs = properties.duplicateWindowS() * 1000;
    }

    public sealed interface Decision {}

    public record Accepted() implements Decision {}

    public record RateLimited(long retryAfterMs, int limit, long windowS) implements Decision {}

    public record Duplicate() implements Decision {}

    public record SlowMode(long retryAfterMs, int intervalS) implements Decision {}

    private static final class UserState {
        final ArrayDeque<Long> acceptedAtMs = new ArrayDeque<>();
        final Map<String, Long> lastInRoomMs = new HashMap<>();
        final Map<String, ArrayDeque<Recent>> recentTexts = new HashMap<>();
        long lastSeenMs;
    }

    private record Recent(String text, long atMs) {}

    /** Checks every limit and, when none is reached, counts the message; one decision per call. */
    public Decision tryAcquire(String userId, String streamId, String text, int slowModeS, boolean exempt, long nowMs) {
        UserState s = users.computeIfAbsent(userId, k -> new UserState());
        synchronized (s) {
            s.lastSeenMs = nowMs;
            while (!s.acceptedAtMs.isEmpty() && s.acceptedAtMs.peekFirst() <= nowMs - windowMs) {
                s.acceptedAtMs.pollFirst();
            }
            if (slowModeS > 0 && !exempt) {
                Long last = s.lastInRoomMs.get(streamId);
                long nextMs = last == null ? Long.MIN_VALUE : last + slowModeS * 1000L;
                if (last != null && nowMs < nextMs) {
                    return new SlowMode(nextMs - nowMs, slowModeS);
                }
            }
            if (s.acceptedAtMs.size() >= maxMessages) {
                return new RateLimited(s.acceptedAtMs.peekFirst() + windowMs - nowMs, maxMessages, windowMs / 1000);
            }
            String key = text.toLowerCase(Locale.ROOT);
            ArrayDeque<Recent> recent = s.recentTexts.computeIfAbsent(streamId, k -> new ArrayDeque<>());
            recent.removeIf(r -> r.atMs() <= nowMs - duplicateWindowMs);
            for (Recent r : recent) {
                if (r.text().equals(key)) {
                    return new Duplicate();
                }
            }
            s.acceptedAtMs.addLast(nowMs);
            s.lastInRoomMs.put(streamId, nowMs);
            recent.addLast(new Recent(key, nowMs));
            if (recent.size() > MAX_RECENT_TEXTS) {
                recent.pollFirst();
            }
            return new Accepted();
        }
    }

    /** Forgets users idle for longer than every window (called periodically). */
    public void evictIdle(long nowMs, long idleMs) {
        users.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().lastSeenMs < nowMs - idleMs;
            }
        });
    }

    public int trackedUsers() {
        return users.size();
    }
}
