package io.creditcast.command.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.command.payment.SignedEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Stripe-Signature verification through stripe-java's Webhook.constructEvent, with a fixed clock. */
class StripeSignatureTest {
    private static final String SECRET = "whsec_unit_test";
    private static final long SIGNED_AT_S = 1_800_000_000L;
    private static final String PAYLOAD = SignedEvents.stripeEvent("evt_unit_1", "checkout.session.completed", "{}");

    private static Clock at(long epochS) {
        return Clock.fixed(Instant.ofEpochSecond(epochS), ZoneOffset.UTC);
    }

    private static StripeSignature.Verified verify(String payload, String header, String secret, long nowS)
            throws StripeSignature.Invalid {
        return StripeSignature.verify(payload, header, secret, StripeSignature.DEFAULT_TOLERANCE_S, at(nowS));
    }

    @Test
    void a_valid_signature_yields_the_event_id_and_type() throws Exception {
        var verified = verify(PAYLOAD, SignedEvents.stripeHeader(PAYLOAD, SECRET, SIGNED_AT_S), SECRET, SIGNED_AT_S);
        assertThat(verified.eventId()).isEqualTo("evt_unit_1");
        assertThat(verified.type()).isEqualTo("checkout.session.completed");
    }

    @Test
    void a_tampered_body_is_refused() {
        String header = SignedEvents.stripeHeader(PAYLOAD, SECRET, SIGNED_AT_S);
        assertThatThrownBy(() -> verify(PAYLOAD.replace("evt_unit_1", "evt_unit_2"), header, SECRET, SIGNED_AT_S))
                .isInstanceOf(StripeSignature.Invalid.class);
    }

    @Test
    void a_signature_made_with_another_secret_is_refused() {
        String header = SignedEvents.stripeHeader(PAYLOAD, "whsec_someone_else", SIGNED_AT_S);
        assertThatThrownBy(() -> verify(PAYLOAD, header, SECRET, SIGNED_AT_S))
                .isInstanceOf(StripeSignature.Invalid.class);
    }

    @Test
    void a_timestamp_exactly_300_s_old_is_accepted() throws Exception {
        String header = SignedEvents.stripeHeader(PAYLOAD, SECRET, SIGNED_AT_S);
        assertThat(verify(PAYLOAD, header, SECRET, SIGNED_AT_S + 300).eventId()).isEqualTo("evt_unit_1");
    }

    @Test
    void a_timestamp_301_s_old_is_stale_and_refused() {
        String header = SignedEvents.stripeHeader(PAYLOAD, SECRET, SIGNED_AT_S);
        assertThatThrownBy(() -> verify(PAYLOAD, header, SECRET, SIGNED_AT_S + 301))
                .isInstanceOf(StripeSignature.Invalid.class)
                .hasMessageContaining("tolerance");
    }

    @Test
    void a_missing_or_garbled_header_and_a_missing_secret_are_refused() {
        String header = SignedEvents.stripeHeader(PAYLOAD, SECRET, SIGNED_AT_S);
        assertThatThrownBy(() -> verify(PAYLOAD, null, SECRET, SIGNED_AT_S))
                .isInstanceOf(StripeSignature.Invalid.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> verify(PAYLOAD, "v1=deadbeef", SECRET, SIGNED_AT_S))
                .isInstanceOf(StripeSignature.Invalid.class);
        assertThatThrownBy(() -> verify(PAYLOAD, header, "", SIGNED_AT_S)).isInstanceOf(StripeSignature.Invalid.class);
    }

    @Test
    void a_correctly_signed_body_that_is_not_json_is_refused() {
        String body = "not json at all";
        assertThatThrownBy(
                        () -> verify(body, SignedEvents.stripeHeader(body, SECRET, SIGNED_AT_S), SECRET, SIGNED_AT_S))
                .isInstanceOf(StripeSignature.Invalid.class);
    }
}
