package io.creditcast.command.chat.room;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** The read-only fallback: the room's frames as server-sent events (event name = frame type). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "chat")
public class ChatEventsController {
    private final RoomJoiner joiner;

    public ChatEventsController(RoomJoiner joiner) {
        this.joiner = joiner;
    }

    @GetMapping(path = "/streams/{streamId}/chat/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Read-only chat room as server-sent events (room token in the query)")
    public Flux<ServerSentEvent<String>> events(
            @PathVariable String streamId, @RequestParam(required = false) String token, ServerHttpRequest request) {
        var remote = request.getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
        return joiner.join(streamId, token, ip, false, ChatConnection.DIRECT).flatMapMany(joined -> switch (joined) {
            case RoomJoiner.Rejected r -> Flux.just(event(r.frame()));
            case RoomJoiner.Joined j ->
                j.connection()
                        .frames()
                        .map(f -> event(f.json()))
                        .takeUntilOther(j.connection().closeRequests())
                        .doFinally(s -> joiner.leave(j.connection()));
        });
    }

    private static ServerSentEvent<String> event(String frameJson) {
        int at = frameJson.indexOf("\"type\":\"") + 8;
        String type = frameJson.substring(at, frameJson.indexOf('"', at));
        return ServerSentEvent.builder(frameJson).event(type).build();
    }
}
