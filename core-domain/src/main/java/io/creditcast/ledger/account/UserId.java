package io.creditcast.ledger.account;

import java.util.Objects;
import java.util.regex.Pattern;

/** A platform user (the identity provider's subject). Viewers and creators are both users. */
public record UserId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    public UserId {
        Objects.requireNonNull(value, "user id");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("user id must be 1-128 of [A-Za-z0-9._@-]");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
