package io.creditcast.query.analytics;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.projection.PgChannel;
import io.creditcast.query.web.StreamSlots;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Stream status changes as they are committed (went live, paused, ended, taken down), as server-sent
 * events: what the moderators' live list and the directory refresh on instead of polling. Public, like
 * discovery. A {@code ready} event tells the client the instance is listening (changes before it may have
 * been missed: read the list then); a keep-alive comment is sent every {@code sse-heartbeat-s}.
 */
@RestController
public class StreamStatusController {
    private final PgChannel channel;
    private final QueryProperties properties;
    private final StreamSlots slots;

    public record StatusChange(String streamId, String status) {}

    public StreamStatusController(QueryProperties properties) {
        this.properties = properties;
        this.channel = new PgChannel(properties, StreamAnalyticsProjection.STATUS_CHANNEL);
        this.slots = new StreamSlots("status event streams", properties.limits().maxStatusEventStreams());
    }

    @Operation(summary = "Stream status changes as they are committed (server-sent events: ready, status)")
    @GetMapping(path = "/api/v1/streams/status-events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Object>> events() {
        return slots.open(this::changes);
    }

    private Flux<ServerSentEvent<Object>> changes() {
        Flux<ServerSentEvent<Object>> changes = channel.subscribe().concatMap(signal -> switch (signal) {
            case PgChannel.Listening l ->
                Flux.just(ServerSentEvent.<Object>builder("{}").event("ready").build());
            case PgChannel.Notice n -> {
                int space = n.payload().indexOf(' ');
                yield space <= 0
                        ? Flux.<ServerSentEvent<Object>>empty()
                        : Flux.just(ServerSentEvent.<Object>builder(new StatusChange(
                                        n.payload().substring(0, space),
                                        n.payload().substring(space + 1)))
                                .event("status")
                                .build());
            }
        });
        Flux<ServerSentEvent<Object>> heartbeat = Flux.interval(
                        Duration.ofSeconds(properties.wallet().sseHeartbeatS()))
                .map(i ->
                        ServerSentEvent.<Object>builder().comment("keep-alive").build());
        return Flux.merge(changes, heartbeat);
    }
}
