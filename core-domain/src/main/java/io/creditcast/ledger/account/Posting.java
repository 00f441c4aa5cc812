package io.creditcast.ledger.account;

import java.util.Objects;

/** One leg of a ledger transaction: a signed change of one account's balance, in minor units. */
public record Posting(AccountId accountId, long amountMinor) {
    public Posting {
        Objects.requireNonNull(accountId, "accountId");
        if (amountMinor == 0) {
            throw new IllegalArgumentException("a posting must move a non-zero amount");
        }
        if (Math.abs(amountMinor) > Credits.MAX_MINOR) {
            throw new IllegalArgumentException("posting amount out of range: " + amountMinor);
        }
    }

    public static Posting debit(AccountId account, Credits amount) {
        return new Posting(account, -amount.minor());
    }

    public static Posting credit(AccountId account, Credits amount) {
        return new Posting(account, amount.minor());
    }
}
