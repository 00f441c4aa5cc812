package io.creditcast.command.metering;

import io.creditcast.ledger.wallet.MeteringStops;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Metering stops with the stream: the {@code stream_metering_stop} table, its subscribing processor (in the
 * storing transaction, never replayed: the migration back-fills what came before) and the {@link MeteringStops}
 * component the {@code Wallet}'s handlers are given.
 */
@Configuration(proxyBeanMethods = false)
public class MeteringStopsConfiguration {

    @Bean
    MeteringStopTable meteringStopTable(JdbcTemplate jdbc) {
        return new MeteringStopTable(jdbc);
    }

    @Bean
    ConfigurerModule meteringStopsAxon(MeteringStopTable table) {
        return configurer -> {
            configurer.registerComponent(MeteringStops.class, c -> table);
            // a failed write must fail the takedown (or end) itself, not be logged and skipped
            configurer.eventProcessing(ep -> ep.registerSubscribingEventProcessor(MeteringStopTable.GROUP)
                    .registerListenerInvocationErrorHandler(
                            MeteringStopTable.GROUP, c -> PropagatingErrorHandler.instance()));
        };
    }
}
