package io.creditcast.command.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditcast.command.eventstore.BoundedLruCache;
import io.creditcast.ledger.catalog.Product;
import io.creditcast.ledger.earnings.Earnings;
import io.creditcast.ledger.rates.MeteringRates;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.ledger.wallet.WalletActorUpcaster;
import io.creditcast.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL, wired explicitly (Axon 4.13's JDBC auto-configuration does not switch on under
 * Spring Boot 4). Aggregates get a cache and snapshots; the domain module stays free of Spring.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Jackson 2 for Axon's serializer (Spring Boot 4 itself uses Jackson 3 for HTTP). */
    public static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
    }

    @Bean
    @Primary
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver(DataSource dataSource) throws Exception {
        return new JdbcSQLErrorCodesResolver();
    }

    @Bean
    public JdbcEventStorageEngine eventStorageEngine(
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .upcasterChain(new EventUpcasterChain(new WalletActorUpcaster()))
                .batchSize(500)
                .build();
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .build();
    }

    /**
     * Hot aggregates stay in memory between commands (one cache per aggregate type, as ids may repeat
     * across types); a cache entry is updated only after a commit and dropped on rollback.
     */
    @Bean
    public ConfigurerModule aggregates(CreditcastProperties properties, WalletCache walletCache) {
        int snapshotEvery = properties.eventStore().snapshotEveryEvents();
        int cacheEntries = properties.eventStore().cachedAggregatesPerType();
        return configurer -> {
            configurer.configureAggregate(cachedAndSnapshotted(Wallet.class, walletCache.cache(), snapshotEvery));
            for (Class<?> type : new Class<?>[] {Earnings.class, Stream.class, Product.class, MeteringRates.class}) {
                configurer.configureAggregate(
                        cachedAndSnapshotted(type, new BoundedLruCache(cacheEntries), snapshotEvery));
            }
        };
    }

    /**
     * The {@code Wallet} aggregate cache, reachable so that a wallet change committed on another instance
     * (told through chat's fan-out) can drop this instance's copy.
     */
    public record WalletCache(BoundedLruCache cache) {}

    @Bean
    public WalletCache walletCache(CreditcastProperties properties) {
        return new WalletCache(new BoundedLruCache(properties.eventStore().cachedAggregatesPerType()));
    }

    private static <T> AggregateConfigurer<T> cachedAndSnapshotted(Class<T> type, Cache cache, int snapshotEvery) {
        return AggregateConfigurer.defaultConfiguration(type)
                .configureCache(c -> cache)
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), snapshotEvery));
    }
}
