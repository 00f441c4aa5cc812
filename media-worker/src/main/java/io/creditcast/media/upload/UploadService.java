package io.creditcast.media.upload;

import io.creditcast.media.ffmpeg.FfmpegFailure;
import io.creditcast.media.ffmpeg.FfmpegProgress;
import io.creditcast.media.ffmpeg.Ffprobe;
import io.creditcast.media.ffmpeg.MediaProbe;
import io.creditcast.media.transcode.HlsLadderArgs;
import io.creditcast.media.transcode.InputSource;
import io.creditcast.media.transcode.JobId;
import io.creditcast.media.transcode.JobKind;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PlaylistMode;
import io.creditcast.media.transcode.TranscodeListener;
import io.creditcast.media.transcode.TranscodeOutcome;
import io.creditcast.media.transcode.TranscodeRejectedException;
import io.creditcast.media.transcode.TranscodeRequest;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.media.upload.UploadProblems.TranscoderBusyException;
import io.creditcast.media.upload.UploadProblems.UnsupportedMediaException;
import io.creditcast.media.upload.UploadProblems.UploadNotFoundException;
import io.creditcast.media.upload.UploadProblems.UploadTooLargeException;
import io.creditcast.media.upload.internal.SizeLimitedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Accepts an upload: streams it to {@code <storageDir>/<id>/source} within the size limit, sniffs it with
 * ffprobe, then queues a VOD transcode to {@code hls/} (plus {@code audio.mp3} for audio). Any rejection removes
 * the upload's directory before the error is returned.
 */
public final class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);
    static final String SOURCE_FILE = "source";
    static final String HLS_DIR = "hls";
    static final String MP3_FILE = "audio.mp3";

    private final UploadProperties properties;
    private final Ffprobe ffprobe;
    private final TranscodeScheduler scheduler;
    private final Ladder ladder;
    private final UploadRegistry registry;
    private final Clock clock;

    public UploadService(
            UploadProperties properties,
            Ffprobe ffprobe,
            TranscodeScheduler scheduler,
            Ladder ladder,
            UploadRegistry registry,
            Clock clock) {
        this.properties = properties;
        this.ffprobe = ffprobe;
        this.scheduler = scheduler;
        this.ladder = ladder;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * @param content the file's bytes, streamed
     * @param declaredLengthBytes the request's Content-Length when it is exactly the file (raw uploads), else
     *     -1; a declared length over the limit is refused before anything is read or written
     */
    public Mono<UploadView> accept(Flux<DataBuffer> content, long declaredLengthBytes) {
        long maxBytes = properties.maxSize().toBytes();
        if (declaredLengthBytes > maxBytes) {
            return Mono.error(new UploadTooLargeException(maxBytes));
        }
        UploadId id = UploadId.random();
        Path dir = properties.storageDir().resolve(id.toString());
        Path source = dir.resolve(SOURCE_FILE);
        return Mono.fromCallable(() -> Files.createDirectories(dir))
                .subscribeOn(Schedulers.boundedElastic())
                .then(SizeLimitedWriter.write(content, source, maxBytes, UploadTooLargeException::new))
                .publishOn(Schedulers.boundedElastic())
                .map(sizeBytes -> probeAndQueue(id, dir, source, sizeBytes))
                .onErrorResume(error -> deleteRecursively(dir).then(Mono.error(error)))
                .doOnCancel(() -> deleteRecursively(dir).subscribe());
    }

    public UploadView find(UploadId id) {
        return registry.find(id).map(UploadView::of).orElseThrow(() -> new UploadNotFoundException(id));
    }

    /** Blocking: runs on a bounded-elastic thread. */
    private UploadView probeAndQueue(UploadId id, Path dir, Path source, long sizeBytes) {
        MediaProbe probe = sniff(source);
        MediaKind kind = probe.hasVideo() ? MediaKind.VIDEO : MediaKind.AUDIO;
        Ladder uploadLadder = ladder;
        if (kind == MediaKind.AUDIO && ladder.audio().isEmpty()) {
            uploadLadder = ladder.withAudio(Ladder.defaults().audio());
        }
        HlsLadderArgs args = HlsLadderArgs.of(new InputSource.File(source, false), dir.resolve(HLS_DIR))
                .withLadder(uploadLadder)
                .withMode(PlaylistMode.VOD)
                .withInputStreams(probe.hasVideo(), probe.hasAudio());
        if (probe.videoHeightPx().isPresent()) {
            args = args.withSourceHeightPx(probe.videoHeightPx().get());
        }
        List<String> outputs = new ArrayList<>(List.of(HLS_DIR + "/" + HlsLadderArgs.MASTER_PLAYLIST));
        if (kind == MediaKind.AUDIO) {
            args = args.withMp3Output(dir.resolve(MP3_FILE), properties.mp3BitrateKbps());
            outputs.add(MP3_FILE);
        }
        try {
            Files.createDirectories(dir.resolve(HLS_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add(Upload.queued(id, kind, sizeBytes, probe.durationUs(), clock.instant()));
        try {
            scheduler.submit(
                    new TranscodeRequest(new JobId("upload-" + id), JobKind.FINITE, args.toArgs(), dir),
                    new ProgressTracker(id, probe.durationUs(), outputs));
        } catch (TranscodeRejectedException e) {
            registry.remove(id);
            log.warn("upload {} refused: {}", id, e.getMessage());
            throw new TranscoderBusyException();
        }
        log.info(
                "upload {} accepted: {} bytes of {} ({} ms, format {})",
                id,
                sizeBytes,
                kind.json(),
                probe.durationUs() / 1_000,
                probe.formatName());
        return find(id);
    }

    private MediaProbe sniff(Path source) {
        Ffprobe.Result result;
        try {
            result = ffprobe.probe(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (result) {
            case Ffprobe.Result.Readable readable -> requireTimedMedia(readable.probe());
            case Ffprobe.Result.Unreadable unreadable -> throw new UnsupportedMediaException(unreadable.reason());
        };
    }

    private static MediaProbe requireTimedMedia(MediaProbe probe) {
        if (!probe.isTimedMedia()) {
            throw new UnsupportedMediaException(
                    "no audio or video stream with a duration (format " + probe.formatName() + ")");
        }
        return probe;
    }

    private static Mono<Void> deleteRecursively(Path dir) {
        return Mono.<Void>fromRunnable(() -> {
                    if (!Files.exists(dir)) {
                        return;
                    }
                    try (Stream<Path> paths = Files.walk(dir)) {
                        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(path);
                        }
                    } catch (IOException e) {
                        log.warn("could not delete {}", dir, e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Moves the upload through transcoding → ready | failed as the job reports. */
    private final class ProgressTracker implements TranscodeListener {
        private final UploadId id;
        private final long durationUs;
        private final List<String> outputs;

        ProgressTracker(UploadId id, long durationUs, List<String> outputs) {
            this.id = id;
            this.durationUs = durationUs;
            this.outputs = List.copyOf(outputs);
        }

        @Override
        public void onStarted(JobId job, int attempt, long pid) {
            registry.update(id, Upload::transcoding);
        }

        @Override
        public void onProgress(JobId job, FfmpegProgress progress) {
            registry.update(id, upload -> upload.progressed(progress.percentOf(durationUs)));
        }

        @Override
        public void onFinished(JobId job, TranscodeOutcome outcome) {
            switch (outcome) {
                case TranscodeOutcome.Succeeded succeeded -> registry.update(id, upload -> upload.ready(outputs));
                case TranscodeOutcome.Failed failed -> {
                    log.warn(
                            "upload {} failed to transcode: {}; stderr tail: {}",
                            id,
                            failed.failure(),
                            failed.stderrTail());
                    registry.update(id, upload -> upload.failed(describe(failed.failure())));
                }
                case TranscodeOutcome.Stopped stopped ->
                    registry.update(
                            id, upload -> upload.failed(new Upload.Failure("Stopped", "transcoding was stopped")));
            }
        }

        private static Upload.Failure describe(FfmpegFailure failure) {
            return new Upload.Failure(failure.getClass().getSimpleName(), failure.detail());
        }
    }
}
