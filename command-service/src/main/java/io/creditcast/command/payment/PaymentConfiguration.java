package io.creditcast.command.payment;

import io.creditcast.command.payment.stripe.StripeEventHandler;
import io.creditcast.command.payment.webhook.PaymentEvents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the payments feature: typed configuration and the Stripe-shaped event handlers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentConfiguration {

    @Bean
    StripeEventHandler stripeEventHandler(PaymentStore payments, PaymentEvents events) {
        return new StripeEventHandler(Provider.STRIPE, payments, events);
    }

    @Bean
    StripeEventHandler sandboxEventHandler(PaymentStore payments, PaymentEvents events) {
        return new StripeEventHandler(Provider.SANDBOX, payments, events);
    }
}
