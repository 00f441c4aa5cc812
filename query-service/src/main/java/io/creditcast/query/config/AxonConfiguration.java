package io.creditcast.query.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditcast.ledger.wallet.WalletActorUpcaster;
import io.creditcast.query.eventstore.IndexedJdbcEventStorageEngine;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
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
 * Axon on the command side's event store, read-only: the same JDBC storage engine and serializer
 * settings as the command service (so payloads read back identically), tokens in the query service's
 * own {@code read} schema, the processors themselves are registered by
 * {@code ProjectionConfiguration}. Nothing here appends
 * events or creates the event store's tables.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** The command service's serializer settings (Jackson 2, field access, ISO dates); keep them equal. */
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
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    /**
     * Reads {@code domainevententry} (public schema, written by the command service), each event with its
     * own global index in its metadata ({@link IndexedJdbcEventStorageEngine}). Gap handling is
     * tuned so a rolled-back or slow append does not stall projections: gaps are waited for
     * {@code gapTimeoutMs}, and at most {@code maxGapOffset} positions behind the head are tracked.
     */
    @Bean
    public JdbcEventStorageEngine eventStorageEngine(
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            QueryProperties properties) {
        var processing = properties.processing();
        return new IndexedJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .batchSize(processing.batchSize())
                .gapTimeout(processing.gapTimeoutMs())
                .maxGapOffset(processing.maxGapOffset())
                .gapCleaningThreshold(processing.gapCleaningThreshold())
                // events stored before actors were recorded read back with actor "unrecorded", as on the command side
                .upcasterChain(new EventUpcasterChain(new WalletActorUpcaster())));
    }

    /**
     * The event store the processors read: polls the store every {@code fetchDelayMs} when idle (Axon's
     * default is 1 s, which alone would put projection lag near a second; events are appended by another
     * process, so no in-JVM notification wakes the processors).
     */
    @Bean
    public EmbeddedEventStore eventStore(JdbcEventStorageEngine storageEngine, QueryProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .fetchDelay(properties.processing().fetchDelayMs())
                .build();
    }

    /** One token row per processor in {@code read.tokenentry}; written in the same transaction as the model. */
    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder().setTokenTable("read.tokenentry").build())
                .build();
    }
}
