package io.creditcast.media.upload;

import io.creditcast.media.upload.UploadProblems.MissingFileException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /api/v1/uploads}: audio/video upload, streamed to disk, then transcoded in the background. */
@RestController
@RequestMapping(path = "/api/v1/uploads", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "uploads", description = "Audio and video uploads transcoded to HLS (and MP3 for audio)")
public class UploadController {

    static final String FILE_PART = "file";

    private final UploadService service;

    public UploadController(UploadService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload a file as the multipart part 'file'",
            description = "The first part named 'file' is used; other parts are ignored. 202 with the upload's"
                    + " status; 413 over the size limit; 422 when the file is not audio/video.")
    public Mono<ResponseEntity<UploadView>> uploadMultipart(@RequestBody Flux<PartEvent> parts) {
        AtomicBoolean fileSeen = new AtomicBoolean();
        return parts.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (first.get() instanceof FilePartEvent file
                            && FILE_PART.equals(file.name())
                            && fileSeen.compareAndSet(false, true)) {
                        return service.accept(events.map(PartEvent::content), -1)
                                .flux();
                    }
                    return events.doOnNext(event -> DataBufferUtils.release(event.content()))
                            .thenMany(Flux.<UploadView>empty());
                }))
                .collectList()
                .map(UploadController::single);
    }

    @PostMapping(consumes = {"video/*", "audio/*", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @Operation(
            summary = "Upload a file as the raw request body",
            description = "Content-Type audio/*, video/* or application/octet-stream. 202 with the upload's"
                    + " status; 413 over the size limit; 422 when the file is not audio/video.")
    public Mono<ResponseEntity<UploadView>> uploadRaw(ServerHttpRequest request) {
        return service.accept(request.getBody(), request.getHeaders().getContentLength())
                .map(view -> single(List.of(view)));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Status, progress and duration of an upload")
    public Mono<UploadView> get(@PathVariable String id) {
        return Mono.fromCallable(() -> service.find(UploadId.parse(id)));
    }

    private static ResponseEntity<UploadView> single(List<UploadView> accepted) {
        if (accepted.isEmpty()) {
            throw new MissingFileException();
        }
        UploadView view = accepted.getFirst();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/uploads/" + view.id()))
                .body(view);
    }
}
