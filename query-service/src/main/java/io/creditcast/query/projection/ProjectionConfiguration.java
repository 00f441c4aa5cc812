package io.creditcast.query.projection;

import io.creditcast.query.config.QueryProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every projection gets its own single-segment tracking processor (so each can be replayed alone and its
 * rows are written in global-index order), starting at the tail of the store, with the lag interceptor
 * that feeds the projection-lag timer. Handler failures propagate (the batch is retried), never skipped.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionConfiguration {

    @Bean
    public ConfigurerModule projectionProcessors(
            QueryProperties properties, ProjectionLag lag, ProjectionFaults faults) {
        int batchSize = properties.processing().batchSize();
        return configurer -> {
            for (String name : Projections.enabled(properties)) {
                configurer
                        .eventProcessing()
                        .registerTrackingEventProcessor(
                                name,
                                c -> c.eventStore(),
                                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                        .andBatchSize(batchSize)
                                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                        .registerHandlerInterceptor(name, c -> lag.interceptor(name))
                        // a failing handler fails its batch (rolled back, retried by the processor with backoff)
                        // instead of Axon's default: log the event and skip it, which loses it for good
                        .registerListenerInvocationErrorHandler(name, c -> PropagatingErrorHandler.instance());
                if (faults.enabled()) {
                    configurer.eventProcessing().registerHandlerInterceptor(name, c -> faults.interceptor(name));
                }
            }
        };
    }
}
