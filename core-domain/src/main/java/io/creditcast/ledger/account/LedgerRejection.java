package io.creditcast.ledger.account;

import java.util.Map;
import java.util.Objects;

/**
 * A business rule refused a command. Nothing was written. The {@link Reason} maps to a stable
 * problem type at the HTTP edge; the message is for people and never parsed.
 */
public final class LedgerRejection extends RuntimeException {
    public enum Reason {
        INSUFFICIENT_CREDITS,
        INSUFFICIENT_EARNINGS,
        WALLET_FLAGGED,
        UNKNOWN_WALLET,
        UNKNOWN_SESSION,
        UNKNOWN_PAYMENT,
        UNKNOWN_PAYOUT,
        UNKNOWN_PRODUCT,
        UNKNOWN_STREAM,
        /** The stream was taken down by moderation: nothing more is billed for it. */
        STREAM_TAKEN_DOWN,
        /** The stream ended before the interval (or session) could have started. */
        STREAM_ENDED,
        DUPLICATE,
        CONFLICTING_STATE,
        LIMIT_EXCEEDED,
        NOT_ALLOWED
    }

    private final Reason reason;
    private final Map<String, Object> details;

    public LedgerRejection(Reason reason, String message) {
        this(reason, message, Map.of());
    }

    public LedgerRejection(Reason reason, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason);
        this.details = Map.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }
}
