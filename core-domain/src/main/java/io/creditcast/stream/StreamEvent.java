package io.creditcast.stream;

import io.creditcast.ledger.account.UserId;
import java.time.Instant;

/** Facts about a stream. */
public sealed interface StreamEvent {
    String streamId();

    /** A fact that a creator created a stream in a category. */
    record StreamCreated(String streamId, UserId creatorId, String title, String category, Instant occurredAt)
            implements StreamEvent {}
}
