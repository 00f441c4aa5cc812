package io.creditcast.reliability.check;

import java.util.Objects;

/**
 * One client operation as the history records it (Jepsen style): what effect it asks for and what the
 * client learnt. An operation retried with the same key is still one operation.
 *
 * @param effect how the checker finds the operation's effect in the event store
 * @param key the transaction id ({@link Effect#TRANSACTION}) or the payout nonce ({@link Effect#PAYOUT_REQUEST})
 * @param outcome acknowledged (some attempt got a 2xx), rejected (every attempt got a definitive 4xx) or
 *     indeterminate (timeouts, connection resets, 5xx, 429 — the effect may or may not have happened)
 */
public record Operation(String kind, Effect effect, String key, Outcome outcome) {
    public Operation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(outcome, "outcome");
    }

    public enum Effect {
        /** A ledger transaction: exactly one event carries this {@code transactionId}. */
        TRANSACTION,
        /** A payout request: exactly one {@code PayoutRequested} whose payout id contains this nonce. */
        PAYOUT_REQUEST
    }

    public enum Outcome {
        ACKNOWLEDGED,
        REJECTED,
        INDETERMINATE
    }
}
