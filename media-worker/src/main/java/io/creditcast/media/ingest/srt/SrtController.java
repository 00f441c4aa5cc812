package io.creditcast.media.ingest.srt;

import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import io.creditcast.media.problem.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/ingest/srt-armings}: a creator arms SRT for the stream of a key and gets the
 * {@code srt://} URL (with the passphrase) to put into OBS or FFmpeg.
 */
@RestController
@ConditionalOnProperty(name = "creditcast.media.ingest.srt.enabled", matchIfMissing = true)
@RequestMapping(path = "/api/v1/ingest/srt-armings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ingest", description = "Live ingest: arming SRT listeners")
public class SrtController {

    public static final ProblemType INGEST_REFUSED = ProblemType.of(
            "ingest-refused",
            "The stream key is unknown or revoked, or the stream cannot go live",
            HttpStatus.FORBIDDEN);
    public static final ProblemType SRT_PORTS_EXHAUSTED = ProblemType.of(
            "srt-ports-exhausted", "Every SRT port of this worker is armed", HttpStatus.SERVICE_UNAVAILABLE);
    /** Longer than the command client's request timeout (3 s by default): arming asks the command side once. */
    static final Duration ARM_TIMEOUT = Duration.ofSeconds(10);
    /** A stream key is {@code <streamId>.<43 base64url characters>}; anything this long is not one. */
    static final int MAX_KEY_CHARS = 256;

    private final SrtIngest srt;

    public SrtController(SrtIngest srt) {
        this.srt = srt;
    }

    /** @param streamKey the stream's current key (as shown when the stream was created or its key rotated) */
    public record ArmRequest(String streamKey) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Arm SRT for the stream of a key",
            description = "201 with the srt:// URL (passphrase included, AES-256 enforced) of a listener that waits"
                    + " for one publisher until expiresAt, and again for a reconnect within the grace period."
                    + " Arming an armed stream answers the same URL. 403 for an unknown or revoked key, 503 when"
                    + " every SRT port is armed.")
    public Mono<ResponseEntity<SrtIngest.Arming>> arm(@RequestBody ArmRequest request) {
        String key = request.streamKey();
        if (key == null || key.isBlank() || key.length() > MAX_KEY_CHARS) {
            return Mono.error(new ApiProblemException(
                    ProblemType.INVALID_REQUEST,
                    "streamKey is required.",
                    List.of(new FieldProblem(
                            "streamKey", "must be a stream key of at most " + MAX_KEY_CHARS + " characters"))));
        }
        return Mono.fromCallable(() -> srt.arm(key))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(ARM_TIMEOUT)
                .onErrorMap(
                        IngestRefusedException.class,
                        e -> new ApiProblemException(
                                INGEST_REFUSED,
                                "The stream key was refused: " + e.getMessage() + ".",
                                List.of(new FieldProblem(
                                        "streamKey", "unknown, revoked, or its stream cannot go live"))))
                .onErrorMap(
                        SrtIngest.NoFreePortException.class,
                        e -> new ApiProblemException(SRT_PORTS_EXHAUSTED, e.getMessage() + ".", List.of()))
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ApiProblemException(
                                ProblemType.SERVICE_UNAVAILABLE,
                                "The stream key could not be checked in time.",
                                List.of()))
                .map(arming -> ResponseEntity.status(HttpStatus.CREATED).body(arming));
    }
}
