package io.creditcast.command.stream;

import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.catalog.Product;
import io.creditcast.ledger.wallet.ProductKind;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.Stream;
import io.creditcast.stream.StreamCommands;
import io.creditcast.stream.StreamCommands.AcceptPass;
import io.creditcast.stream.StreamCommands.CreateStream;
import io.creditcast.stream.StreamCommands.RotateStreamKey;
import io.creditcast.stream.StreamCommands.TakeDownStream;
import io.creditcast.stream.StreamDetails;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Streams for creators (create with details and access policy, rotate the ingest key, accept tickets and passes), anyone signed in (read
 * status) and moderators/admins (take down). The stream key is shown exactly once, when issued; only its hash is
 * stored.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "streams")
public class StreamController {
    static final String STREAM_ID = "[A-Za-z0-9-]{1,64}";
    static final String PRODUCT_ID = "[A-Za-z0-9-]{1,64}";

    private final CommandSender commands;
    private final AggregateReader reader;
    private final StreamIngestProperties ingest;

    public StreamController(CommandSender commands, AggregateReader reader, StreamIngestProperties ingest) {
        this.commands = commands;
        this.reader = reader;
        this.ingest = ingest;
    }

    public record CreateStreamRequest(
            @NotBlank @Size(max = StreamCommands.MAX_TITLE_CHARS) String title,
            @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}") String category,
            @Size(max = StreamDetails.MAX_DESCRIPTION_CHARS) String description,
            @Size(max = StreamDetails.MAX_TAGS) List<@Pattern(regexp = "[a-z0-9-]{1,30}") String> tags,
            @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}") String language,
            @Size(max = StreamDetails.MAX_THUMBNAIL_URL_CHARS) @Pattern(regexp = "https://\\S+") String thumbnailUrl,
            AccessPolicy accessPolicy,
            Instant scheduledStartAt,
            Boolean recordingEnabled) {

        StreamDetails details() {
            return new StreamDetails(
                    description,
                    tags,
                    language,
                    thumbnailUrl,
                    accessPolicy == null ? AccessPolicy.PUBLIC : accessPolicy,
                    scheduledStartAt,
                    recordingEnabled == null || recordingEnabled);
        }
    }

    /** The ingest credentials; {@code streamKey} is shown only in this response. */
    public record Ingest(String rtmpUrl, String srtUrl, String streamKey, int keyVersion) {}

    public record StreamResponse(
            String streamId,
            String creatorId,
            String title,
            String category,
            StreamStatus status,
            AccessPolicy accessPolicy,
            Ingest ingest) {}

    public record StreamView(
            String streamId,
            String creatorId,
            String category,
            StreamStatus status,
            StreamDetails details,
            int keyVersion,
            String ingestSessionId) {}

    /** The tickets and access passes a stream accepts, in the order they were accepted. */
    public record PassesResponse(String streamId, AccessPolicy accessPolicy, List<String> passProductIds) {}

    /** What the stream edge needs to know about a product before a stream accepts it. */
    private record PassFacts(UserId creatorId, ProductKind kind) {}

    public record TakedownRequest(@NotBlank @Size(max = StreamCommands.MAX_TAKEDOWN_REASON_CHARS) String reason) {}

    public record TakedownResponse(String streamId, StreamStatus status, String actorId, String actorRole) {}

    @PostMapping("/streams")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create (schedule) a stream with its details and access policy (creator)")
    public Mono<StreamResponse> create(@Valid @RequestBody CreateStreamRequest request, Authentication auth) {
        Actor creator = Actor.of(auth);
        String streamId = UUID.randomUUID().toString();
        StreamKey key = StreamKey.generate(streamId);
        StreamDetails details = request.details();
        return commands.send(new CreateStream(
                        streamId, creator.userId(), request.title(), request.category(), details, key.hash()))
                .thenReturn(new StreamResponse(
                        streamId,
                        creator.userId().value(),
                        request.title(),
                        request.category(),
                        StreamStatus.SCHEDULED,
                        details.accessPolicy(),
                        ingestFor(key, 1)));
    }

    @PostMapping("/streams/{streamId}/key-rotations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a new stream key; the previous one is refused from now on (the stream's creator)")
    public Mono<Ingest> rotateKey(@PathVariable String streamId, Authentication auth) {
        checkId(streamId);
        Actor creator = Actor.of(auth);
        StreamKey key = StreamKey.generate(streamId);
        return commands.send(new RotateStreamKey(streamId, creator.userId(), key.hash()))
                .then(commands.blocking(() -> reader.read(Stream.class, streamId, Stream::keyVersion)))
                .map(version -> ingestFor(key, version));
    }

    @PutMapping("/streams/{streamId}/passes/{productId}")
    @Operation(
            summary = "Let holders of one of your tickets or access passes watch this stream (the stream's creator)",
            description = "A ticketed stream admits only viewers who bought one of the products accepted here (at"
                    + " most StreamCommands.MAX_PASSES_PER_STREAM = 16). Idempotent. 404 unknown-stream or"
                    + " unknown-product; 403 not-allowed when the stream or product is not the caller's, or the"
                    + " product is a subscription period; 422 limit-exceeded past the limit.")
    public Mono<PassesResponse> acceptPass(
            @PathVariable String streamId, @PathVariable String productId, Authentication auth) {
        checkId(streamId);
        if (!productId.matches(PRODUCT_ID)) {
            throw new ApiException(
                    ProblemTypes.VALIDATION,
                    "product_id must be 1-64 of [A-Za-z0-9-]",
                    List.of(new ApiException.FieldError("product_id", "1-64 of [A-Za-z0-9-]")),
                    Map.of());
        }
        Actor creator = Actor.of(auth);
        return commands.blocking(() -> {
                    if (reader.read(Stream.class, streamId, Stream::creatorId, null) == null) {
                        throw new ApiException(ProblemTypes.UNKNOWN_STREAM, "no stream " + streamId);
                    }
                    PassFacts product =
                            reader.read(Product.class, productId, p -> new PassFacts(p.creatorId(), p.kind()), null);
                    if (product == null) {
                        throw new LedgerRejection(LedgerRejection.Reason.UNKNOWN_PRODUCT, "no product " + productId);
                    }
                    return product;
                })
                .flatMap(product -> commands.send(
                        new AcceptPass(streamId, creator.userId(), productId, product.creatorId(), product.kind())))
                .then(commands.blocking(() -> reader.read(
                        Stream.class,
                        streamId,
                        s -> new PassesResponse(streamId, s.details().accessPolicy(), s.passProductIds()))));
    }

    @GetMapping("/streams/{streamId}")
    @Operation(summary = "A stream's details and status (command-side view, strongly consistent)")
    public Mono<StreamView> get(@PathVariable String streamId) {
        checkId(streamId);
        return commands.blocking(() -> reader.read(Stream.class, streamId, StreamController::view));
    }

    @PostMapping("/streams/{streamId}/takedown")
    @Operation(summary = "Take a stream down: ingest is cut, playback stops, the action is audited (moderator, admin)")
    public Mono<TakedownResponse> takeDown(
            @PathVariable String streamId, @Valid @RequestBody TakedownRequest request, Authentication auth) {
        checkId(streamId);
        Actor actor = Actor.of(auth);
        String role = actor.has("admin") ? "admin" : actor.has("moderator") ? "moderator" : "none";
        return commands.send(new TakeDownStream(streamId, actor.userId(), role, request.reason()))
                .thenReturn(new TakedownResponse(
                        streamId, StreamStatus.TAKEN_DOWN, actor.userId().value(), role));
    }

    static StreamView view(Stream s) {
        return new StreamView(
                s.streamId(),
                s.creatorId().value(),
                s.category(),
                s.status(),
                s.details(),
                s.keyVersion(),
                s.sessionId());
    }

    static void checkId(String streamId) {
        if (!streamId.matches(STREAM_ID)) {
            throw new ApiException(
                    ProblemTypes.VALIDATION,
                    "stream_id must be 1-64 of [A-Za-z0-9-]",
                    List.of(new ApiException.FieldError("stream_id", "1-64 of [A-Za-z0-9-]")),
                    java.util.Map.of());
        }
    }

    private Ingest ingestFor(StreamKey key, int version) {
        return new Ingest(ingest.rtmpUrl(), ingest.srtUrl(), key.value(), version);
    }
}
