package io.creditcast.command.payment;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds provider events the way the providers sign them (Stripe: t=…,v1=HMAC(t.body); Coinbase: HMAC(body)). */
public final class SignedEvents {
    private SignedEvents() {}

    public static String stripeHeader(String payload, String secret, long timestampS) {
        return "t=" + timestampS + ",v1=" + hmac(timestampS + "." + payload, secret);
    }

    public static String stripeHeader(String payload, String secret) {
        return stripeHeader(payload, secret, System.currentTimeMillis() / 1000);
    }

    public static String hmac(String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String stripeEvent(String eventId, String type, String objectJson) {
        return """
                {"id":"%s","object":"event","api_version":"2025-09-30.clover","created":%d,"livemode":false,
                 "pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"%s",
                 "data":{"object":%s}}"""
                .formatted(eventId, System.currentTimeMillis() / 1000, type, objectJson);
    }

    public static String checkoutSession(
            String sessionId,
            String paymentId,
            String paymentStatus,
            String paymentIntent,
            long amountMinor,
            String currency) {
        return """
                {"id":"%s","object":"checkout.session","client_reference_id":"%s","metadata":{"payment_id":"%s"},
                 "mode":"payment","status":"complete","payment_status":"%s","payment_intent":"%s",
                 "amount_total":%d,"currency":"%s"}"""
                .formatted(sessionId, paymentId, paymentId, paymentStatus, paymentIntent, amountMinor, currency);
    }

    public static String charge(String chargeId, String paymentIntent, long amountMinor, long amountRefundedMinor) {
        return """
                {"id":"%s","object":"charge","payment_intent":"%s","amount":%d,"amount_refunded":%d,"refunded":%s}"""
                .formatted(
                        chargeId, paymentIntent, amountMinor, amountRefundedMinor, amountRefundedMinor >= amountMinor);
    }

    public static String dispute(
            String disputeId, String chargeId, String paymentIntent, long amountMinor, String status) {
        return """
                {"id":"%s","object":"dispute","charge":"%s","payment_intent":"%s","amount":%d,"status":"%s"}"""
                .formatted(disputeId, chargeId, paymentIntent, amountMinor, status);
    }

    public static String coinbaseEvent(
            String eventId, String type, String code, String paymentId, String amount, String currency) {
        return """
                {"id":"%s","scheduled_for":"2026-11-21T12:00:00Z","attempt_number":1,
                 "event":{"id":"%s","resource":"event","type":"%s","api_version":"2018-03-22","created_at":"2026-11-21T12:00:00Z",
                  "data":{"id":"c-%s","code":"%s","metadata":{"payment_id":"%s"},
                   "pricing":{"local":{"amount":"%s","currency":"%s"}}}}}"""
                .formatted("delivery-" + eventId, eventId, type, code, code, paymentId, amount, currency);
    }
}
