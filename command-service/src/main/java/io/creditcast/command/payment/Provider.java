package io.creditcast.command.payment;

import java.util.Locale;

/** Payment providers a checkout can use. The wire name is also the ledger's {@code clearing:{provider}}. */
public enum Provider {
    STRIPE,
    COINBASE;

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
