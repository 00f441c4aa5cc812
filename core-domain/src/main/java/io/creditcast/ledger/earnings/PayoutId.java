package io.creditcast.ledger.earnings;

import io.creditcast.ledger.account.UserId;
import java.util.Objects;
import java.util.regex.Pattern;

/** A payout's id names its creator, so commands route to the right earnings aggregate: {@code creator~nonce}. */
public record PayoutId(UserId creatorId, String nonce) {
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public PayoutId {
        Objects.requireNonNull(creatorId, "creatorId");
        Objects.requireNonNull(nonce, "nonce");
        if (!NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("payout nonce must be 1-64 of [A-Za-z0-9-]");
        }
    }

    public static PayoutId parse(String value) {
        int at = value == null ? -1 : value.indexOf('~');
        if (at <= 0) {
            throw new IllegalArgumentException("payout id must look like creator~nonce");
        }
        return new PayoutId(new UserId(value.substring(0, at)), value.substring(at + 1));
    }

    public String value() {
        return creatorId.value() + "~" + nonce;
    }

    @Override
    public String toString() {
        return value();
    }
}
