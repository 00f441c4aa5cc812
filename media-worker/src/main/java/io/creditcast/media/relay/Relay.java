package io.creditcast.media.relay;

import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ingest.StreamSources;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.relay.internal.IcyConnection;
import io.creditcast.media.relay.internal.IcyMetadataStream;
import io.creditcast.media.relay.internal.LoopbackPeer;
import io.creditcast.media.relay.internal.Mp3FanOut;
import io.creditcast.media.relay.internal.Mp3FrameHeader;
import io.creditcast.media.transcode.JobId;
import io.creditcast.media.transcode.JobKind;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.TranscodeHandle;
import io.creditcast.media.transcode.TranscodeListener;
import io.creditcast.media.transcode.TranscodeOutcome;
import io.creditcast.media.transcode.TranscodeRejectedException;
import io.creditcast.media.transcode.TranscodeRequest;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * One running relay: a listener connection to the source (ICY metadata split off here, the audio piped into the
 * encoder's stdin), one supervised {@link JobKind#LIVE} FFmpeg job writing the HLS window and a continuous MP3
 * stream, and the MP3 fan-out to listeners. A lost source is reconnected (same checked address) with doubling
 * backoff up to {@link RelayProperties#reconnectAttempts()} times; while it is away the relay is offline. When
 * the relay stops, for any reason, the encoder is stopped and its directory deleted.
 */
public final class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    private static final int READ_CHUNK_BYTES = 16 * 1024;
    private static final int BITRATE_PROBE_BYTES = 16 * 1024;
    /** A connection that delivered this much audio counts as a success: the reconnect budget starts over. */
    private static final long HEALTHY_CONNECTION_BYTES = 64 * 1024;

    private static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(30);

    private final String streamId;
    private final AccessPolicy accessPolicy;
    private final RelaySource source;
    private final Path directory;
    private final RelayProperties properties;
    private final JobId jobId;
    private final Mp3FanOut mp3;
    private final AudienceCounter hlsAudience;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Whether it was stopped by the worker's shutdown (its registration stays, to be resumed), not for good. */
    private volatile boolean stoppedForShutdown;

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile String title = "";
    private volatile String stationName = "";
    private volatile OptionalInt bitrateKbps = OptionalInt.empty();
    private volatile boolean connected;
    private volatile OutputStream encoderInput;
    private volatile IcyConnection connection;
    private volatile ServerSocket mp3Input;
    private volatile TranscodeHandle handle;
    private volatile PipedInputs pipes;
    private final String sessionId;
    private final Consumer<MediaFact> facts;
    /** Whether the command side was last told the relay is live (went-live) rather than lost. */
    private final AtomicBoolean live = new AtomicBoolean();
    /** Whether it was ever told, i.e. whether the relay owns the stream's session. */
    private final AtomicBoolean everLive = new AtomicBoolean();

    Relay(
            String streamId,
            AccessPolicy accessPolicy,
            RelaySource source,
            Path directory,
            RelayProperties properties,
            AudienceCounter hlsAudience,
            Consumer<MediaFact> facts) {
        this.streamId = streamId;
        this.sessionId = sessionIdFor(streamId);
        this.facts = facts;
        this.accessPolicy = accessPolicy;
        this.source = source;
        this.directory = directory;
        this.properties = properties;
        this.jobId = new JobId("relay-" + streamId);
        this.mp3 = new Mp3FanOut(properties.maxListenersPerRelay(), properties.listenerBufferChunks());
        this.hlsAudience = hlsAudience;
    }

    /**
     * Starts the encoder and the reader threads on an already open source connection (taken over by the relay).
     * On failure everything started is stopped, the directory deleted and the connection closed.
     */
    void start(IcyConnection first, String demuxer, TranscodeScheduler scheduler, PipedInputs pipedInputs)
            throws TranscodeRejectedException, IOException {
        this.pipes = pipedInputs;
        try {
            Files.createDirectories(directory);
            mp3Input = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            pipedInputs.register(jobId, stdin -> encoderInput = stdin);
            TranscodeRequest request = new TranscodeRequest(
                    jobId,
                    JobKind.LIVE,
                    RelayFfmpegArgs.of(demuxer, directory, properties, mp3Input.getLocalPort()),
                    directory);
            handle = scheduler.submit(request, new TranscodeListener() {
                @Override
                public void onFinished(JobId id, TranscodeOutcome outcome) {
                    if (!stopping.get()) {
                        log.warn("relay {}: encoder ended for good ({}); stopping the relay", streamId, outcome);
                        stop();
                    }
                }
            });
            if (handle.state() == TranscodeHandle.State.QUEUED) {
                throw new TranscodeRejectedException(
                        jobId, TranscodeRejectedException.Reason.QUEUE_FULL, "every transcode slot is busy");
            }
        } catch (TranscodeRejectedException | IOException | RuntimeException e) {
            first.close();
            stop().join();
            throw e;
        }
        stationName = first.name();
        first.declaredBitrateKbps().ifPresent(kbps -> bitrateKbps = OptionalInt.of(kbps));
        connection = first;
        connected = true;
        reportLive();
        Thread.ofVirtual().name("relay-" + streamId + "-source").start(() -> readSource(first));
        Thread.ofVirtual().name("relay-" + streamId + "-mp3").start(this::readMp3);
    }

    public String streamId() {
        return streamId;
    }

    /**
     * The relay's ingest session on the command side: derived from the stream id, so a relay started again after a
     * worker restart resumes the same (paused) session instead of conflicting with it.
     */
    public String sessionId() {
        return sessionId;
    }

    static String sessionIdFor(String streamId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(streamId.getBytes(StandardCharsets.UTF_8));
            return StreamSources.RELAY_SESSION_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private void reportLive() {
        if (!stopping.get() && live.compareAndSet(false, true)) {
            everLive.set(true);
            facts.accept(new MediaFact.WentLive(sessionId, IngestProtocol.RELAY));
        }
    }

    private void reportLost() {
        if (live.compareAndSet(true, false)) {
            facts.accept(new MediaFact.IngestLost(sessionId));
        }
    }

    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    public Path directory() {
        return directory;
    }

    /** Whether audio is flowing from the source right now. */
    public boolean connected() {
        return connected && !stopping.get();
    }

    public boolean stopping() {
        return stopping.get();
    }

    /** Whether the relay was stopped by the worker's shutdown (to be resumed at the next start), not for good. */
    public boolean stoppedForShutdown() {
        return stoppedForShutdown;
    }

    /** The latest {@code StreamTitle} (empty when the source sent none or an empty one). */
    public String title() {
        return title;
    }

    public String stationName() {
        return stationName;
    }

    /** {@code icy-br} when the source declares it, else read from the MP3 frame headers. */
    public OptionalInt bitrateKbps() {
        return bitrateKbps;
    }

    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** MP3 listeners connected now plus HLS listeners who fetched a playlist within the audience window. */
    public long listeners() {
        return mp3.listenerCount() + hlsAudience.count(streamId);
    }

    /** Counts an HLS listener (by token or address) fetching a playlist. */
    public void sawHlsListener(String listener) {
        hlsAudience.saw(streamId, listener);
    }

    /** A new MP3 listener's chunks, or empty when the listener limit is reached. */
    public Optional<Flux<byte[]>> listenMp3() {
        return mp3.listen();
    }

    /** Completes once the encoder is gone and the directory deleted. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /**
     * Stops everything (idempotent) and ends the stream's session on the command side (the stream is over, as when
     * an RTMP publisher stays away past the grace period); completes once the encoder has exited and the files are
     * deleted.
     */
    public CompletableFuture<Void> stop() {
        return stop(true);
    }

    /**
     * Stops like {@link #stop()}, but reports the session lost instead of ended (worker shutdown): the stream stays
     * paused, and a relay started again for it resumes the same session.
     */
    public CompletableFuture<Void> stopForShutdown() {
        return stop(false);
    }

    private CompletableFuture<Void> stop(boolean endStream) {
        if (!stopping.compareAndSet(false, true)) {
            return stopped;
        }
        stoppedForShutdown = !endStream;
        if (endStream && everLive.get()) {
            live.set(false);
            facts.accept(new MediaFact.Ended(sessionId));
        } else {
            reportLost();
        }
        stopSignal.countDown();
        connected = false;
        PipedInputs registered = pipes;
        if (registered != null) {
            registered.unregister(jobId);
        }
        IcyConnection open = connection;
        if (open != null) {
            open.close();
        }
        ServerSocket server = mp3Input;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.debug("relay {}: closing the MP3 port failed: {}", streamId, e.toString());
            }
        }
        mp3.close();
        hlsAudience.forget(streamId);
        TranscodeHandle job = handle;
        CompletableFuture<?> encoderGone = job != null ? job.stop() : CompletableFuture.completedFuture(null);
        encoderGone.whenComplete((outcome, error) -> {
            deleteDirectory();
            log.info("relay {} stopped", streamId);
            stopped.complete(null);
        });
        return stopped;
    }

    private void readSource(IcyConnection first) {
        IcyConnection current = first;
        int failures = 0;
        while (!stopping.get()) {
            if (current == null) {
                if (failures >= properties.reconnectAttempts()) {
                    log.warn("relay {}: source gone after {} reconnect attempts; stopping", streamId, failures);
                    stop();
                    return;
                }
                long backoffMs = Math.min(1000L << Math.min(failures, 16), MAX_RECONNECT_BACKOFF.toMillis());
                try {
                    if (stopSignal.await(backoffMs, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                failures++;
                try {
                    current = IcyConnection.open(
                            source,
                            properties.connectTimeout(),
                            properties.responseTimeout(),
                            properties.readTimeout());
                } catch (IcyConnection.SourceException e) {
                    log.info("relay {}: reconnect {} failed: {}", streamId, failures, e.getMessage());
                    continue;
                }
            }
            connection = current;
            if (stopping.get()) {
                current.close();
                return;
            }
            connected = true;
            reportLive(); // a reconnect resumes the session
            current.declaredBitrateKbps().ifPresent(kbps -> bitrateKbps = OptionalInt.of(kbps));
            long received = pump(current);
            connected = false;
            current.close();
            connection = null;
            current = null;
            if (received >= HEALTHY_CONNECTION_BYTES) {
                failures = 0;
            }
            if (!stopping.get()) {
                log.info("relay {}: source connection lost after {} bytes; reconnecting", streamId, received);
                reportLost();
            }
        }
    }

    /** Copies the source's audio into the encoder until the source ends or fails; returns the audio bytes read. */
    private long pump(IcyConnection source) {
        InputStream audio = new IcyMetadataStream(source.body(), source.metaintBytes(), t -> title = t);
        byte[] buffer = new byte[READ_CHUNK_BYTES];
        byte[] probe = bitrateKbps.isEmpty()
                        && "mp3"
                                .equals(RelayFfmpegArgs.demuxer(source.contentType())
                                        .orElse(""))
                ? new byte[BITRATE_PROBE_BYTES]
                : null;
        int probed = 0;
        long received = 0;
        try {
            while (!stopping.get()) {
                int n = audio.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return received;
                }
                received += n;
                if (probe != null) {
                    int take = Math.min(n, probe.length - probed);
                    System.arraycopy(buffer, 0, probe, probed, take);
                    probed += take;
                    OptionalInt found = Mp3FrameHeader.bitrateKbps(probe, probed);
                    if (found.isPresent() || probed == probe.length) {
                        if (found.isPresent()) {
                            bitrateKbps = found;
                        }
                        probe = null;
                    }
                }
                OutputStream out = encoderInput;
                if (out != null) {
                    try {
                        out.write(buffer, 0, n);
                        out.flush();
                    } catch (IOException e) {
                        // the encoder is gone (restarting): its successor gets a fresh stdin from PipedInputs
                        if (encoderInput == out) {
                            encoderInput = null;
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.debug("relay {}: source read failed: {}", streamId, e.toString());
        }
        return received;
    }

    /** Accepts the encoder's MP3 connection (again after each encoder restart) and fans its bytes out. */
    private void readMp3() {
        byte[] buffer = new byte[8 * 1024];
        while (!stopping.get()) {
            try (Socket encoder = mp3Input.accept()) {
                if (LoopbackPeer.supported()
                        && !LoopbackPeer.fromChildProcess(encoder.getPort(), encoder.getLocalPort())) {
                    log.warn(
                            "relay {}: refused a connection to the MP3 port that does not come from an encoder",
                            streamId);
                    continue;
                }
                InputStream in = encoder.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        mp3.publish(Arrays.copyOf(buffer, n));
                    }
                }
            } catch (IOException e) {
                if (!stopping.get()) {
                    log.debug("relay {}: MP3 connection ended: {}", streamId, e.toString());
                }
            }
        }
    }

    private void deleteDirectory() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("relay {}: could not delete {}: {}", streamId, directory, e.toString());
        }
    }
}
