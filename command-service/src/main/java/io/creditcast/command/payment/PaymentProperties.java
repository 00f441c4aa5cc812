package io.creditcast.command.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Payments configuration ({@code creditcast.payments.*}); defaults are written in application.yml.
 *
 * @param successUrl where the provider sends the buyer after paying; {@code {PAYMENT_ID}} is replaced
 * @param cancelUrl where the provider sends the buyer after giving up
 * @param maxPageSize the largest page {@code GET /payments} lists answer
 */
@ConfigurationProperties("creditcast.payments")
public record PaymentProperties(
        String successUrl,
        String cancelUrl,
        int maxPageSize,
        Stripe stripe,
        Coinbase coinbase,
        Sandbox sandbox,
        Inbox inbox) {

    /**
     * The clearly-labelled local sandbox provider: a buyer completes their own checkout without paying.
     * Never enable it where real money is taken; it is off unless switched on, and off whenever a Stripe
     * secret key is configured.
     *
     * @param enabled switch it on (the local launcher does)
     */
    public record Sandbox(boolean enabled) {}

    /**
     * @param secretKey Stripe secret API key ({@code sk_...}); blank disables Stripe checkout
     * @param webhookSecret the endpoint's signing secret ({@code whsec_...}); blank refuses all Stripe webhooks
     * @param apiBase Stripe API base URL (tests point it at a local stub)
     * @param toleranceS how old a signed timestamp may be
     * @param timeoutMs connect and read timeout of calls to Stripe
     */
    public record Stripe(String secretKey, String webhookSecret, String apiBase, long toleranceS, int timeoutMs) {
        public boolean enabled() {
            return secretKey != null && !secretKey.isBlank();
        }
    }

    /**
     * @param apiKey Coinbase Commerce API key; blank disables crypto checkout
     * @param sharedSecret the webhook shared secret (HMAC-SHA256 of the body, header {@code X-CC-Webhook-Signature})
     * @param apiBase Coinbase Commerce API base URL
     * @param timeoutMs connect and read timeout
     */
    public record Coinbase(String apiKey, String sharedSecret, String apiBase, int timeoutMs) {
        public boolean enabled() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * @param enabled whether this instance processes the inbox (receiving always works)
     * @param pollIntervalMs how often due events are looked for when nothing wakes the processor
     * @param batchSize events claimed per poll
     * @param maxAttempts attempts before an event is marked DEAD
     * @param retryBaseMs first retry delay; doubles per attempt
     * @param retryMaxMs longest retry delay
     * @param leaseMs how long a claimed event is reserved for one processor
     * @param retentionDays how long handled events are kept for deduplication (at least 30)
     * @param maxBodyBytes largest webhook body accepted; larger gets 413 before parsing
     */
    public record Inbox(
            boolean enabled,
            long pollIntervalMs,
            int batchSize,
            int maxAttempts,
            long retryBaseMs,
            long retryMaxMs,
            long leaseMs,
            int retentionDays,
            int maxBodyBytes) {
        public Inbox {
            if (retentionDays < 30) {
                throw new IllegalArgumentException("creditcast.payments.inbox.retention-days must be at least 30");
            }
        }
    }
}
