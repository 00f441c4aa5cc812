package io.creditcast.command.payment;

import java.util.Locale;

/** Payment providers a checkout can use. The wire name is also the ledger's {@code clearing:{provider}}. */
public enum Provider {
    STRIPE,
    COINBASE,
    /** Local demo only: completes a checkout through the Stripe-shaped webhook path, signed with a local secret. */
    SANDBOX;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Provider fromWire(String value) {
        for (Provider p : values()) {
            if (p.wire().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provider " + value);
    }
}
