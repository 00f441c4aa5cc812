package io.creditcast.query.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;

/**
 * Axon's JDBC storage engine, read-only use by the query service, that adds each tracked event's own global
 * index to its metadata under {@link GlobalIndex#KEY} (see {@link GlobalIndex} for why the token cannot
 * tell it). Only the copy read here carries it; nothing is written back.
 */
public class IndexedJdbcEventStorageEngine extends JdbcEventStorageEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    public IndexedJdbcEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> data = super.getTrackedEventData(resultSet, previousToken);
        long globalIndex = resultSet.getLong(schema().globalIndexColumn());
        if (!(data instanceof DomainEventData<?> domain)) {
            throw new IllegalStateException("a JDBC event store row is always domain event data: " + data);
        }
        return new TrackedDomainEventData<>(data.trackingToken(), indexed(domain, globalIndex));
    }

    @SuppressWarnings("unchecked")
    private static <T> Indexed<T> indexed(DomainEventData<T> event, long globalIndex) {
        SerializedObject<T> original = event.getMetaData();
        Object data = original == null ? null : original.getData();
        if (data != null && !(data instanceof byte[])) {
            throw new IllegalStateException("event metadata must be read as byte[], was " + data.getClass());
        }
        SerializedObject<T> metaData = new SimpleSerializedObject<>(
                (T) withIndex((byte[]) data, globalIndex),
                (Class<T>) byte[].class,
                original == null ? new SimpleSerializedType(MetaData.class.getName(), null) : original.getType());
        return new Indexed<>(event, metaData);
    }

    /** The metadata JSON object with the index added (an absent or empty metadata becomes just the index). */
    static byte[] withIndex(byte[] metaData, long globalIndex) {
        try {
            ObjectNode node = metaData == null || metaData.length == 0
                    ? JSON.createObjectNode()
                    : (ObjectNode) JSON.readTree(metaData);
            node.put(GlobalIndex.KEY, globalIndex);
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable event metadata at global index " + globalIndex, e);
        } catch (ClassCastException e) {
            throw new IllegalStateException("event metadata is not a JSON object at global index " + globalIndex, e);
        }
    }

    private record Indexed<T>(DomainEventData<T> event, SerializedObject<T> metaData) implements DomainEventData<T> {
        @Override
        public String getType() {
            return event.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return event.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return event.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return event.getTimestamp();
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return metaData;
        }

        @Override
        public SerializedObject<T> getPayload() {
            return event.getPayload();
        }
    }
}
