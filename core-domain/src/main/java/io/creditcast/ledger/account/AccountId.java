package io.creditcast.ledger.account;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A ledger account. Accounts with an invariant (wallets, earnings) are backed by an aggregate; the
 * others (revenue, clearing, settlement, adjustments, payouts) exist only as postings and read models.
 */
public record AccountId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[a-z-]+(:[A-Za-z0-9._@-]{1,128})?");

    public static final AccountId PLATFORM_REVENUE = new AccountId("platform:revenue");
    /** Creator income in transit between viewer postings and the batched settlement into earnings. */
    public static final AccountId SETTLEMENT_CREATOR_INCOME = new AccountId("settlement:creator-income");
    /** Counter-account of audited admin adjustments. */
    public static final AccountId PLATFORM_ADJUSTMENTS = new AccountId("platform:adjustments");
    /** Money paid out to creators leaves the platform here. */
    public static final AccountId CLEARING_PAYOUTS = new AccountId("clearing:payouts");

    public AccountId {
        Objects.requireNonNull(value, "account id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("account id has an invalid shape: " + value);
        }
    }

    public static AccountId wallet(UserId user) {
        return new AccountId("wallet:" + user.value());
    }

    public static AccountId earnings(UserId creator) {
        return new AccountId("earnings:" + creator.value());
    }

    public static AccountId clearing(String provider) {
        return new AccountId("clearing:" + provider);
    }

    @Override
    public String toString() {
        return value;
    }
}
