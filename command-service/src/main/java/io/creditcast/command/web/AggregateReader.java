package io.creditcast.command.web;

import java.util.function.Function;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Reads the current state of one aggregate on the command side (strongly consistent, no events): for
 * answers the command side needs, e.g. a stream's creator when a viewing session starts.
 */
@Component
public class AggregateReader {
    private final Configuration axon;

    public AggregateReader(Configuration axon) {
        this.axon = axon;
    }

    public <A, R> R read(Class<A> type, String id, Function<A, R> view) {
        var uow = DefaultUnitOfWork.startAndGet(null);
        try {
            return axon.repository(type).load(id).invoke(view);
        } finally {
            uow.rollback(); // read-only: never commits anything
        }
    }

    /** Like {@link #read}, with a fallback when the aggregate does not exist yet. */
    public <A, R> R read(Class<A> type, String id, Function<A, R> view, R whenMissing) {
        try {
            return read(type, id, view);
        } catch (org.axonframework.modelling.command.AggregateNotFoundException e) {
            return whenMissing;
        }
    }
}
