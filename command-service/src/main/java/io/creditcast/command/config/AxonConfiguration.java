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
import java.lang.reflect.Executable;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
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

    /** Snapshots waiting to be taken; past this the committing thread takes its own (slower, never lost). */
    static final int SNAPSHOT_QUEUE_CAPACITY = 1_000;

    /**
     * Takes snapshots on one background thread after the command's commit, so a command never waits for one.
     * Axon's Spring Boot snapshotter finds aggregate factories only among Spring beans, and these aggregates
     * are configured through {@link ConfigurerModule}s: it logged "Aggregate Type is unknown in this
     * snapshotter" and stored none, so every aggregate not in a cache was sourced from all its events. This
     * one takes each type's factory, parameter resolvers and handler definitions from Axon's configuration (the
     * ones its repository uses: the wallet's handlers take a {@code MeteringStops} resolved there), when the
     * first snapshot of the type is taken.
     */
    @Bean
    public Snapshotter snapshotter(
            org.axonframework.config.Configuration axon,
            EventStore eventStore,
            TransactionManager transactionManager,
            SnapshotThread snapshotThread) {
        return new ConfiguredAggregatesSnapshotter(
                AggregateSnapshotter.builder()
                        .eventStore(eventStore)
                        .transactionManager(transactionManager)
                        .parameterResolverFactory((executable, parameters, index) ->
                                axon.parameterResolverFactory().createInstance(executable, parameters, index))
                        .handlerDefinition(new HandlerDefinition() {
                            @Override
                            public <T> Optional<MessageHandlingMember<T>> createHandler(
                                    Class<T> declaringType,
                                    Executable executable,
                                    ParameterResolverFactory parameterResolverFactory) {
                                return axon.handlerDefinition(declaringType)
                                        .createHandler(declaringType, executable, parameterResolverFactory);
                            }
                        })
                        .repositoryProvider(axon::repository)
                        .executor(snapshotThread.executor()),
                axon);
    }

    /** An {@link AggregateSnapshotter} that knows every aggregate type Axon's configuration has a repository for. */
    static final class ConfiguredAggregatesSnapshotter extends AggregateSnapshotter {
        private final org.axonframework.config.Configuration axon;

        ConfiguredAggregatesSnapshotter(
                AggregateSnapshotter.Builder builder, org.axonframework.config.Configuration axon) {
            super(builder);
            this.axon = axon;
        }

        @Override
        protected AggregateFactory<?> getAggregateFactory(Class<?> aggregateType) {
            AggregateFactory<?> known = super.getAggregateFactory(aggregateType);
            if (known == null && axon.repository(aggregateType) instanceof EventSourcingRepository<?> repository) {
                known = repository.getAggregateFactory();
                registerAggregateFactory(known);
            }
            return known;
        }
    }

    /**
     * The snapshotter's one thread and its bounded queue (not an {@code Executor} bean, which would replace
     * Spring Boot's application task executor); closed with the context.
     */
    public static final class SnapshotThread implements AutoCloseable {
        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(SNAPSHOT_QUEUE_CAPACITY),
                Thread.ofPlatform().name("axon-snapshotter").daemon().factory(),
                new ThreadPoolExecutor.CallerRunsPolicy());

        public Executor executor() {
            return executor;
        }

        @Override
        public void close() {
            executor.shutdown();
        }
    }

    @Bean
    public SnapshotThread snapshotThread() {
        return new SnapshotThread();
    }

    private static <T> AggregateConfigurer<T> cachedAndSnapshotted(Class<T> type, Cache cache, int snapshotEvery) {
        return AggregateConfigurer.defaultConfiguration(type)
                .configureCache(c -> cache)
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), snapshotEvery));
    }
}
