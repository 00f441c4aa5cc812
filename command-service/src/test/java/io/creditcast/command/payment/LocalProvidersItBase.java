package io.creditcast.command.payment;

import io.creditcast.command.support.CommandServiceTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The command service without Stripe keys: Coinbase Commerce pointed at a local stub, and the local
 * sandbox provider switched on (as the local launcher does). Subclasses share one context.
 */
public abstract class LocalProvidersItBase extends CommandServiceTest.Base {
    public static final String COINBASE_SHARED_SECRET = "cc_shared_secret_local";
    protected static final LocalProviderStub COINBASE_STUB = new LocalProviderStub();

    @DynamicPropertySource
    static void localProviders(DynamicPropertyRegistry registry) {
        registry.add("creditcast.payments.coinbase.api-key", () -> "cc_api_key_local");
        registry.add("creditcast.payments.coinbase.shared-secret", () -> COINBASE_SHARED_SECRET);
        registry.add("creditcast.payments.coinbase.api-base", COINBASE_STUB::baseUrl);
        registry.add("creditcast.payments.sandbox.enabled", () -> "true");
        registry.add("creditcast.payments.inbox.poll-interval-ms", () -> "100");
    }
}
