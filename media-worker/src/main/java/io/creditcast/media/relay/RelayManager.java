package io.creditcast.media.relay;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ingest.StreamSources;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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

    public static final ProblemType STREAM_ALREADY_LIVE =
            ProblemType.of("stream-already-live", "The stream is live from another source", HttpStatus.CONFLICT);
    public static final ProblemType RELAY_NOT_REGISTERED = ProblemType.of(
            "relay-not-registered",
            "The relay could not be registered on this worker",
            HttpStatus.INTERNAL_SERVER_ERROR);
    /** The field at fault when the stream, not the source, is the conflict (the path's stream id). */
    public static final String STREAM_FIELD = "stream_id";

    private static final Duration MAX_RESUME_BACKOFF = Duration.ofSeconds(30);

    private final SourceUrlGuard guard;
    private final MediaCommandClient commandSide;
    private final TranscodeScheduler scheduler;
    private final PipedInputs pipes;
    private final RelayProperties properties;
    private final AudienceCounter hlsAudience;
    private final FactReporter facts;
    private final StreamSources sources;
    private final RelayRegistrations registrations;
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();
    private final Set<String> starting = new HashSet<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public RelayManager(
            SourceUrlGuard guard,
            MediaCommandClient commandSide,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            RelayProperties properties,
            AudienceCounter hlsAudience,
            FactReporter facts) {
        this(guard, commandSide, scheduler, pipes, properties, hlsAudience, facts, new StreamSources());
    }

    /** @param sources shared with the live sessions of this worker, so a stream has one source at a time */
    public RelayManager(
            SourceUrlGuard guard,
            MediaCommandClient commandSide,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            RelayProperties properties,
            AudienceCounter hlsAudience,
            FactReporter facts,
            StreamSources sources) {
        this.guard = guard;
        this.facts = facts;
        this.commandSide = commandSide;
        this.scheduler = scheduler;
        this.pipes = pipes;
        this.properties = properties;
        this.hlsAudience = hlsAudience;
        this.sources = sources;
        this.registrations = new RelayRegistrations(properties.registrationDir(), properties.maxRelays());
    }

    /** Starts a relay of {@code sourceUrl} for {@code streamId}; throws a typed problem when refused. */
    public Relay start(String streamId, String sourceUrl) {
        return start(streamId, sourceUrl, null);
    }

    /**
     * Starts a relay of {@code sourceUrl} for {@code streamId} and registers it (resumed when the worker starts
     * again); throws a typed problem when refused, with nothing started and nothing registered.
     *
     * @param registeredBy the caller, kept with the registration (null when unknown)
     */
    public Relay start(String streamId, String sourceUrl, String registeredBy) {
        checkStreamId(streamId);
        RelaySource source = guard.check(sourceUrl);
        return start(new RelayRegistrations.Registration(streamId, sourceUrl, registeredBy, Instant.now()), source);
    }

    /** Starts a registered relay (the URL is checked again: addresses and settings may have changed). */
    private Relay start(RelayRegistrations.Registration registration) {
        return start(registration, guard.check(registration.sourceUrl()));
    }

    private Relay start(RelayRegistrations.Registration registration, RelaySource source) {
        String streamId = registration.streamId();
        reserve(streamId);
        boolean started = false;
        try {
            StreamStatus status = commandSide
                    .status(streamId)
                    .orElseThrow(() -> new ApiProblemException(
                            STREAM_UNKNOWN, "the command side does not know stream " + streamId, List.of()));
            if (!status.acceptsIngest()) {
                throw new ApiProblemException(
                        STREAM_NOT_RELAYABLE, "the stream is " + status + " and takes no source", List.of());
            }
            assertNotLiveFromAnotherSession(streamId, status);
            // unknown policy: treat as protected (a playback token is then required), never as public
            AccessPolicy policy = commandSide.accessPolicy(streamId).orElse(AccessPolicy.SUBSCRIBERS);
            IcyConnection connection = connect(source);
            String demuxer = RelayFfmpegArgs.demuxer(connection.contentType()).orElse(null);
            if (demuxer == null) {
                connection.close();
                throw unreachable("the source's audio format (" + connection.contentType() + ") is not supported:"
                        + " MP3, AAC or Ogg");
            }
            try {
                registrations.save(registration);
            } catch (IOException | RuntimeException e) {
                connection.close();
                log.error("relay {}: the registration could not be written", streamId, e);
                throw new ApiProblemException(
                        RELAY_NOT_REGISTERED, "the relay could not be registered: " + e.getMessage(), List.of());
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
                registrations.remove(streamId);
                throw new ApiProblemException(
                        RELAY_CAPACITY, "no transcode slot is free: " + e.getMessage(), List.of());
            } catch (IOException | RuntimeException e) {
                registrations.remove(streamId);
                throw new ApiProblemException(
                        ProblemType.INTERNAL_ERROR, "the relay could not be set up: " + e.getMessage(), List.of());
            }
            relays.put(streamId, relay);
            started = true;
            relay.stopped().whenComplete((ok, error) -> forget(relay));
            log.info("relay {} started from {} ({})", streamId, source.uri().getHost(), connection.contentType());
            return relay;
        } finally {
            release(streamId, started);
        }
    }

    /**
     * A stream that is live or paused with another ingest session (an RTMP/SRT publisher, here or elsewhere) takes no
     * relay. Its own relay session (deterministic per stream) is the one exception: that is the relay resuming
     * after a worker restart. An unreadable session fails closed.
     */
    private void assertNotLiveFromAnotherSession(String streamId, StreamStatus status) {
        if (status != StreamStatus.LIVE && status != StreamStatus.PAUSED) {
            return;
        }
        String own = Relay.sessionIdFor(streamId);
        Optional<String> current = commandSide.ingestSessionId(streamId);
        if (current.filter(own::equals).isEmpty()) {
            String detail = "stream " + streamId + " is " + status + " with ingest session "
                    + current.orElse("(unknown)") + "; stop that source first";
            throw new ApiProblemException(STREAM_ALREADY_LIVE, detail, List.of(new FieldProblem(STREAM_FIELD, detail)));
        }
    }

    /**
     * Once a relay has stopped: its registration goes (unless the worker is shutting down), then its claim on the
     * stream and its place. Idempotent, and a no-op once another relay of the stream took its place (whose
     * registration must stay); the registration goes first, while a new start is still refused.
     */
    private synchronized void forget(Relay relay) {
        String streamId = relay.streamId();
        if (relays.get(streamId) != relay) {
            return;
        }
        if (!relay.stoppedForShutdown()) {
            registrations.remove(streamId);
        }
        sources.release(streamId, StreamSources.Kind.RELAY);
        relays.remove(streamId, relay);
    }

    /**
     * Starts the relays registered on this worker's disk again (after a restart), each on a virtual thread, and
     * waits until each runs or was given up. A relay whose source or command side cannot be reached yet is retried
     * with doubling backoff (1 s, ≤ 30 s) up to {@link RelayProperties#reconnectAttempts()} times, like a lost
     * source. Given up (out of attempts, or refused for good: the stream ended or is live from another source, the
     * URL is no longer accepted), its registration is deleted and the relay's session reported ended, as when a
     * running relay runs out of reconnect attempts.
     *
     * @return the stream ids whose relays run again
     */
    public List<String> resumeRegistered() {
        List<RelayRegistrations.Registration> registered = registrations.load();
        if (registered.isEmpty()) {
            return List.of();
        }
        log.info("resuming {} registered relay(s)", registered.size());
        List<String> resumed = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (RelayRegistrations.Registration registration : registered) {
            threads.add(Thread.ofVirtual()
                    .name("relay-" + registration.streamId() + "-resume")
                    .start(() -> {
                        if (resume(registration)) {
                            resumed.add(registration.streamId());
                        }
                    }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(resumed);
    }

    private boolean resume(RelayRegistrations.Registration registration) {
        String streamId = registration.streamId();
        for (int attempt = 0; ; attempt++) {
            if (closing.getCount() == 0) {
                return false; // shutting down: the registration stays for the next start
            }
            try {
                start(registration);
                log.info("relay {} resumed", streamId);
                return true;
            } catch (ApiProblemException e) {
                if (e.problemType().equals(RELAY_RUNNING)) {
                    return true;
                }
                boolean retryable = e.problemType().equals(SOURCE_UNREACHABLE)
                        || e.problemType().equals(STREAM_UNKNOWN)
                        || e.problemType().equals(RELAY_CAPACITY);
                if (!retryable || attempt >= properties.reconnectAttempts()) {
                    log.warn(
                            "relay {}: not resumed ({}: {}); its registration is dropped",
                            streamId,
                            e.problemType().type(),
                            e.detail());
                    registrations.remove(streamId);
                    facts.report(streamId, new MediaFact.Ended(Relay.sessionIdFor(streamId)));
                    return false;
                }
                long backoffMs = Math.min(1000L << Math.min(attempt, 16), MAX_RESUME_BACKOFF.toMillis());
                log.info(
                        "relay {}: resume attempt {} failed ({}); again in {} ms",
                        streamId,
                        attempt + 1,
                        e.detail(),
                        backoffMs);
                try {
                    if (closing.await(backoffMs, TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
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
            forget(relay); // now, not only in the completion callback: the caller sees it gone when this returns
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
        closing.countDown();
        List<Relay> all = List.copyOf(relays.values());
        all.forEach(Relay::stopForShutdown); // the streams stay paused: a relay started again resumes them
        for (Relay relay : all) {
            try {
                relay.stopped().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                forget(relay);
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
        Optional<StreamSources.Kind> holder = sources.claim(streamId, StreamSources.Kind.RELAY);
        if (holder.filter(kind -> kind == StreamSources.Kind.INGEST).isPresent()) {
            String detail = "stream " + streamId + " is live from an RTMP/SRT publisher on this worker";
            throw new ApiProblemException(STREAM_ALREADY_LIVE, detail, List.of(new FieldProblem(STREAM_FIELD, detail)));
        }
        starting.add(streamId);
    }

    /** Ends a start: the claim on the stream stays only if the relay runs now. */
    private synchronized void release(String streamId, boolean started) {
        starting.remove(streamId);
        if (!started) {
            sources.release(streamId, StreamSources.Kind.RELAY);
        }
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
