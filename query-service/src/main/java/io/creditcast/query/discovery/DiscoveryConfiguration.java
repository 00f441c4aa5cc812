package io.creditcast.query.discovery;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.projection.Projections;
import java.time.Duration;
import org.apache.http.HttpHost;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Discovery on Elasticsearch 8.19 (Java client 8.19), switched off with creditcast.query.elasticsearch.enabled. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(value = "creditcast.query.elasticsearch.enabled", havingValue = "true")
public class DiscoveryConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryConfiguration.class);
    /** Connect and socket timeouts of every Elasticsearch call. */
    static final int CONNECT_TIMEOUT_MS = 2_000;

    static final int SOCKET_TIMEOUT_MS = 10_000;

    @Bean(destroyMethod = "close")
    public RestClientTransport elasticsearchTransport(QueryProperties properties) {
        RestClient rest = RestClient.builder(
                        HttpHost.create(properties.elasticsearch().url()))
                .setRequestConfigCallback(
                        c -> c.setConnectTimeout(CONNECT_TIMEOUT_MS).setSocketTimeout(SOCKET_TIMEOUT_MS))
                .build();
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        return new RestClientTransport(rest, new JacksonJsonpMapper(mapper));
    }

    @Bean
    public ElasticsearchClient elasticsearchClient(RestClientTransport transport) {
        return new ElasticsearchClient(transport);
    }

    @Bean
    public ElasticsearchAsyncClient elasticsearchAsyncClient(RestClientTransport transport) {
        return new ElasticsearchAsyncClient(transport);
    }

    @Bean
    public DiscoveryIndex discoveryIndex(ElasticsearchClient client, QueryProperties properties) {
        DiscoveryIndex index = new DiscoveryIndex(client, properties);
        try {
            index.ensure();
        } catch (RuntimeException e) {
            log.warn("Elasticsearch not reachable at start; the discovery projection retries: {}", e.toString());
        }
        return index;
    }

    @Bean
    public DiscoveryProjection discoveryProjection(DiscoveryIndex index) {
        return new DiscoveryProjection(index);
    }

    @Bean
    public DiscoverySearch discoverySearch(ElasticsearchAsyncClient client, QueryProperties properties) {
        return new DiscoverySearch(client, properties);
    }

    /** Switches the alias to a rebuilt generation once the discovery replay has caught up. */
    @Bean
    public SmartLifecycle discoveryAliasSwitcher(DiscoveryIndex index, EventProcessingConfiguration processing) {
        return new SmartLifecycle() {
            private volatile Disposable task;

            @Override
            public void start() {
                task = Flux.interval(Duration.ofSeconds(1), Schedulers.boundedElastic())
                        .filter(i -> index.rebuildPending())
                        .filter(i -> processing
                                .eventProcessor(Projections.DISCOVERY, TrackingEventProcessor.class)
                                .map(p -> p.isRunning()
                                        && !p.processingStatus().isEmpty()
                                        && p.processingStatus().values().stream()
                                                .noneMatch(s -> Projections.replayInProgress(s) || s.isErrorState()))
                                .orElse(false))
                        .subscribe(
                                i -> {
                                    try {
                                        index.switchAlias();
                                    } catch (RuntimeException e) {
                                        log.warn("alias switch failed, retrying: {}", e.toString());
                                    }
                                },
                                e -> log.error("alias switcher stopped", e));
            }

            @Override
            public void stop() {
                if (task != null) {
                    task.dispose();
                }
            }

            @Override
            public boolean isRunning() {
                return task != null && !task.isDisposed();
            }
        };
    }
}
