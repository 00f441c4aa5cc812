package io.creditcast.media.relay;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import io.creditcast.media.problem.ProblemType;
import io.creditcast.media.relay.internal.IcyConnection;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.TranscodeRejectedException;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The relays of this worker, at most {@link RelayProperties#maxRelays()}, one per stream. Starting one checks the
 * URL ({@link SourceUrlGuard}), asks the command side whether the stream may take a source, connects to the
 * source (the reachability check: it must answer 200 with audio within the timeouts) and only then creates
 * files and starts the encoder; a refusal at any step leaves nothing behind. Blocking: call it off event loops.
 */
public final class RelayManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayManager.class);
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    public static final ProblemType SOURCE_UNREACHABLE = ProblemType.of(
            "relay-source-unreachable",
            "The source cannot be reached or is not an audio stream",
            HttpStatus.UNPROCESSABLE_CONTENT);
    public static final ProblemType RELAY_RUNNING =
            ProblemType.of("relay-already-running", "This stream already has a relay", HttpStatus.CONFLICT);
    public static final ProblemType STREAM_NOT_RELAYABLE =
            ProblemType.of("stream-not-relayable", "This stream cannot take a source now", HttpStatus.CONFLICT);
    public static final ProblemType STREAM_UNKNOWN = ProblemType.of(
            "stream-unknown",
            "The command side does not know this stream (or cannot be reached)",
            HttpStatus.NOT_FOUND);
    public static final ProblemType RELAY_CAPACITY =
            ProblemType.of("relay-capacity", "No relay or transcode capacity left", HttpStatus.SERVICE_UNAVAILABLE);
    public static final ProblemType RELAY_NOT_FOUND =
            ProblemType.of("relay-not-found", "This stream has no relay", HttpStatus.NOT_FOUND);

    private final SourceUrlGuard guard;
    private final MediaCommandClient commandSide;
    private final TranscodeScheduler scheduler;
    private final PipedInputs pipes;
    private final RelayProperties properties;
    private final AudienceCounter hlsAudience;
    private final FactReporter facts;
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();
    private final Set<String> starting = new HashSet<>();

    public RelayManager(
            SourceUrlGuard guard,
            MediaCommandClient commandSide,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            RelayProperties properties,
            AudienceCounter hlsAudience,
            FactReporter facts) {
        this.guard = guard;
        this.facts = facts;
        this.commandSide = commandSide;
        this.scheduler = scheduler;
        this.pipes = pipes;
        this.properties = properties;
        this.hlsAudience = hlsAudience;
    }

    /** Starts a relay of {@code sourceUrl} for {@code streamId}; throws a typed problem when refused. */
    public Relay start(String streamId, String sourceUrl) {
        checkStreamId(streamId);
        RelaySource source = guard.check(sourceUrl);
        reserve(streamId);
        try {
            StreamStatus status = commandSide
                    .status(streamId)
                    .orElseThrow(() -> new ApiProblemException(
                            STREAM_UNKNOWN, "the command side does not know stream " + streamId, List.of()));
            if (!status.acceptsIngest()) {
                throw new ApiProblemException(
                        STREAM_NOT_RELAYABLE, "the stream is " + status + " and takes no source", List.of());
            }
            // unknown policy: treat as protected (a playback token is then required), never as public
            AccessPolicy policy = commandSide.accessPolicy(streamId).orElse(AccessPolicy.SUBSCRIBERS);
            IcyConnection connection = connect(source);
            String demuxer = RelayFfmpegArgs.demuxer(connection.contentType()).orElse(null);
            if (demuxer == null) {
                connection.close();
                throw unreachable("the source's audio format (" + connection.contentType() + ") is not supported:"
                        + " MP3, AAC or Ogg");
            }
            Relay relay = new Relay(
                    streamId,
                    policy,
                    source,
                    properties.relayDir().resolve(streamId),
                    properties,
                    hlsAudience,
                    fact -> facts.report(streamId, fact));
            try {
                relay.start(connection, demuxer, scheduler, pipes);
            } catch (TranscodeRejectedException e) {
                throw new ApiProblemException(
                        RELAY_CAPACITY, "no transcode slot is free: " + e.getMessage(), List.of());
            } catch (IOException e) {
                throw new ApiProblemException(
                        ProblemType.INTERNAL_ERROR, "the relay could not be set up: " + e.getMessage(), List.of());
            }
            relays.put(streamId, relay);
            relay.stopped().whenComplete((ok, error) -> relays.remove(streamId, relay));
            log.info("relay {} started from {} ({})", streamId, source.uri().getHost(), connection.contentType());
            return relay;
        } finally {
            release(streamId);
        }
    }

    /** The running relay of {@code streamId}. */
    public Optional<Relay> relay(String streamId) {
        return Optional.ofNullable(relays.get(streamId));
    }

    /** Listeners (MP3 connected + HLS within the audience window) of every relay that is not stopping. */
    public Map<String, Long> listenerCounts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        relays.forEach((streamId, relay) -> {
            if (!relay.stopping()) {
                counts.put(streamId, relay.listeners());
            }
        });
        return counts;
    }

    public int runningCount() {
        return relays.size();
    }

    /** Stops the relay and waits (bounded) until its encoder is gone and its files deleted. */
    public void stop(String streamId) {
        checkStreamId(streamId);
        Relay relay = relays.get(streamId);
        if (relay == null) {
            throw new ApiProblemException(RELAY_NOT_FOUND, "stream " + streamId + " has no relay", List.of());
        }
        try {
            relay.stop().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("relay {} did not stop within {}", streamId, STOP_WAIT);
        } catch (ExecutionException e) {
            log.warn("relay {} failed while stopping", streamId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        List<Relay> all = List.copyOf(relays.values());
        all.forEach(Relay::stopForShutdown); // the streams stay paused: a relay started again resumes them
        for (Relay relay : all) {
            try {
                relay.stopped().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.warn("relay {} did not stop cleanly", relay.streamId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private IcyConnection connect(RelaySource source) {
        try {
            return IcyConnection.open(
                    source, properties.connectTimeout(), properties.responseTimeout(), properties.readTimeout());
        } catch (IcyConnection.SourceException e) {
            throw unreachable(e.getMessage());
        }
    }

    private synchronized void reserve(String streamId) {
        if (relays.containsKey(streamId) || starting.contains(streamId)) {
            throw new ApiProblemException(RELAY_RUNNING, "stream " + streamId + " already has a relay", List.of());
        }
        if (relays.size() + starting.size() >= properties.maxRelays()) {
            throw new ApiProblemException(
                    RELAY_CAPACITY, "this worker already runs " + properties.maxRelays() + " relays", List.of());
        }
        starting.add(streamId);
    }

    private synchronized void release(String streamId) {
        starting.remove(streamId);
    }

    private static ApiProblemException unreachable(String message) {
        return new ApiProblemException(
                SOURCE_UNREACHABLE, message, List.of(new FieldProblem(SourceUrlGuard.FIELD, message)));
    }

    static void checkStreamId(String streamId) {
        if (streamId == null || !STREAM_ID.matcher(streamId).matches()) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "no such stream", List.of());
        }
    }
}
