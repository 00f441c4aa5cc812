package io.creditcast.ledger.wallet;

/** What a purchase buys. */
public enum ProductKind {
    ACCESS_PASS,
    TICKET,
    SUBSCRIPTION_PERIOD
}
