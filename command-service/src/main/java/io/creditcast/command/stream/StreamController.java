package io.creditcast.command.stream;

import io.creditcast.command.security.Actor;
import io.creditcast.command.web.CommandSender;
import io.creditcast.stream.StreamCommands;
import io.creditcast.stream.StreamCommands.CreateStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Creating streams (the media issue adds ingest keys, lifecycle and takedown). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "streams")
public class StreamController {
    private final CommandSender commands;

    public StreamController(CommandSender commands) {
        this.commands = commands;
    }

    public record CreateStreamRequest(
            @NotBlank @Size(max = StreamCommands.MAX_TITLE_CHARS) String title,
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}") String category) {}

    public record StreamResponse(String streamId, String creatorId, String title, String category) {}

    @PostMapping("/streams")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a stream (creator)")
    public Mono<StreamResponse> create(@Valid @RequestBody CreateStreamRequest request, Authentication auth) {
        Actor creator = Actor.of(auth);
        String streamId = UUID.randomUUID().toString();
        return commands.send(new CreateStream(streamId, creator.userId(), request.title(), request.category()))
                .thenReturn(
                        new StreamResponse(streamId, creator.userId().value(), request.title(), request.category()));
    }
}
