package io.creditcast.command.payment.webhook;

/** Interprets one provider's verified events. */
public interface ProviderEventHandler {
    /** The wire name, as in {@code webhook_inbox.provider}. */
    String provider();

    /** Event types this handler acts on; anything else is acknowledged and ignored. */
    boolean understands(String eventType);

    Handled handle(String eventType, String payload);
}
