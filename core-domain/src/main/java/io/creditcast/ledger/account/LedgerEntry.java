package io.creditcast.ledger.account;

import java.time.Instant;
import java.util.List;

/**
 * Every event that moves money implements this: it carries its whole transaction, so the journal,
 * statements and balances are a fold over these events alone.
 */
public interface LedgerEntry {
    /** Unique per transaction and derived from the operation's idempotency key. */
    String transactionId();

    List<Posting> postings();

    Instant occurredAt();
}
