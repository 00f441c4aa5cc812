package io.creditcast.command.payment.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.payment.SignedEvents;
import org.junit.jupiter.api.Test;

class CoinbaseSignatureTest {
    private static final String SECRET = "coinbase-shared-secret";
    private static final String BODY =
            SignedEvents.coinbaseEvent("ev-1", "charge:confirmed", "CB1", "pay_1", "10.00", "USD");

    @Test
    void the_hex_hmac_of_the_body_under_the_shared_secret_is_accepted() {
        assertThat(CoinbaseSignature.verify(BODY, SignedEvents.hmac(BODY, SECRET), SECRET))
                .isTrue();
        assertThat(CoinbaseSignature.verify(
                        BODY, SignedEvents.hmac(BODY, SECRET).toUpperCase(), SECRET))
                .isTrue();
    }

    @Test
    void a_tampered_body_another_secret_a_missing_header_or_no_secret_are_refused() {
        String signature = SignedEvents.hmac(BODY, SECRET);
        assertThat(CoinbaseSignature.verify(BODY.replace("10.00", "1.00"), signature, SECRET))
                .isFalse();
        assertThat(CoinbaseSignature.verify(BODY, SignedEvents.hmac(BODY, "other"), SECRET))
                .isFalse();
        assertThat(CoinbaseSignature.verify(BODY, null, SECRET)).isFalse();
        assertThat(CoinbaseSignature.verify(BODY, signature, "")).isFalse();
    }
}
