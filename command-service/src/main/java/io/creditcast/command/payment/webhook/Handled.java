package io.creditcast.command.payment.webhook;

/** What processing one inbox event came to. */
public sealed interface Handled {
    /** Applied (or found already applied). */
    record Done(String note) implements Handled {}

    /** Understood but nothing to do (unknown type, informational event). */
    record Ignored(String note) implements Handled {}

    /** Cannot be applied yet (e.g. a refund before its payment completed): retried later. */
    record Later(String reason) implements Handled {}

    /** Can never be applied (e.g. amounts differ from what was charged): kept as DEAD for an operator. */
    record Rejected(String reason) implements Handled {}
}
