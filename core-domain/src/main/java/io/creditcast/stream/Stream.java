package io.creditcast.stream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.ledger.account.UserId;
import io.creditcast.stream.StreamCommands.CreateStream;
import io.creditcast.stream.StreamEvent.StreamCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** A creator's stream; metering needs its creator and category to resolve the rate. */
public class Stream {
    @AggregateIdentifier
    private String streamId;

    private UserId creatorId;
    private String category;

    protected Stream() {}

    @CommandHandler
    public Stream(CreateStream cmd) {
        apply(new StreamCreated(
                cmd.streamId(), cmd.creatorId(), cmd.title(), cmd.category(), GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(StreamCreated e) {
        streamId = e.streamId();
        creatorId = e.creatorId();
        category = e.category();
    }

    public String streamId() {
        return streamId;
    }

    public UserId creatorId() {
        return creatorId;
    }

    public String category() {
        return category;
    }
}
