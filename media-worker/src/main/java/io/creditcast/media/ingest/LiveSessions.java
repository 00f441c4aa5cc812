package io.creditcast.media.ingest;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.IngestAuthorization;
import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ffmpeg.FfmpegFailure;
import io.creditcast.media.ffmpeg.FfmpegProgress;
import io.creditcast.media.ingest.internal.FlvFeed;
import io.creditcast.media.ingest.internal.Playlists;
import io.creditcast.media.transcode.HlsLadderArgs;
import io.creditcast.media.transcode.InputSource;
import io.creditcast.media.transcode.JobId;
import io.creditcast.media.transcode.JobKind;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.PlaylistMode;
import io.creditcast.media.transcode.TranscodeHandle;
import io.creditcast.media.transcode.TranscodeListener;
import io.creditcast.media.transcode.TranscodeOutcome;
import io.creditcast.media.transcode.TranscodeRejectedException;
import io.creditcast.media.transcode.TranscodeRequest;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions of this worker, one per stream: authorizes publishers with the command side, runs one live
 * FFmpeg job per session (FLV on stdin → HLS ladder + thumbnail), keeps a session through a publisher's reconnect
 * within the grace period, reports went-live / ingest-lost / ended / recording-ready, and cuts a session whose
 * stream was taken down.
 *
 * <pre>
 * publish ──► CONNECTED ──publisher gone──► GRACE ──grace over──► ENDED (ENDED, RECORDING_READY reported)
 *                 ▲                            │
 *                 └──────── reconnect ─────────┘        takedown (any state) ──► cut, files deleted
 * </pre>
 */
public final class LiveSessions implements IngestGateway, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);
    public static final String HLS_DIR = "hls";
    public static final String THUMBNAIL = "thumbnail.jpg";
    public static final String RECORDING_MP4 = "recording.mp4";

    private final MediaCommandClient client;
    private final FactReporter facts;
    private final TranscodeScheduler scheduler;
    private final PipedInputs pipes;
    private final Ladder ladder;
    private final IngestProperties properties;
    private final StreamSources sources;
    private final ScheduledExecutorService timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, LiveSession> byStream = new HashMap<>();
    private final AtomicLong encoderRestarts = new AtomicLong();
    private final Map<RecordingFailure, AtomicLong> recordingFailures = new java.util.EnumMap<>(RecordingFailure.class);
    /** Recordings kept addressable for playback, newest last; the oldest is forgotten past the limit. */
    public static final int MAX_TRACKED_RECORDINGS = 1_000;

    private final Map<String, Recording> recordings = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recording> eldest) {
            return size() > MAX_TRACKED_RECORDINGS;
        }
    };

    /**
     * A finished session kept as a VOD.
     *
     * @param mp4File {@code recording.mp4} once its remux succeeded, else null (see {@link #mp4()})
     */
    public record Recording(
            String streamId,
            String sessionId,
            Path hlsDirectory,
            long durationMs,
            AccessPolicy accessPolicy,
            Path mp4File) {

        Recording withMp4(Path mp4) {
            return new Recording(streamId, sessionId, hlsDirectory, durationMs, accessPolicy, mp4);
        }

        /** The MP4 of this recording, when {@code recording-mp4} is on and the remux succeeded. */
        public Optional<Path> mp4() {
            return Optional.ofNullable(mp4File);
        }
    }

    /**
     * Why a recorded session has no recording. Such a session gets no {@code RECORDING_READY} fact (the command side
     * then simply has no recording for it), no VOD and no files left behind.
     */
    public enum RecordingFailure {
        /** The session ended before any segment was complete: nothing was recorded (duration 0). */
        NO_MEDIA,
        /** The playlists could not be read or closed. */
        UNREADABLE
    }

    /** The latest recording of {@code streamId}. */
    public Optional<Recording> recording(String streamId) {
        lock.lock();
        try {
            return Optional.ofNullable(recordings.get(streamId));
        } finally {
            lock.unlock();
        }
    }

    private final ScheduledFuture<?> takedownPoll;

    public enum State {
        CONNECTED,
        GRACE,
        ENDED,
        TAKEN_DOWN
    }

    /** How often each live session's ingest health is sampled and reported ({@code HEALTH} fact). */
    public static final Duration HEALTH_REPORT_INTERVAL = Duration.ofSeconds(5);

    /** Without health reports (tests that count the facts a session reports). */
    public LiveSessions(
            MediaCommandClient client,
            FactReporter facts,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            Ladder ladder,
            IngestProperties properties) {
        this(client, facts, scheduler, pipes, ladder, properties, new StreamSources(), Duration.ZERO);
    }

    /** Without health reports; {@code sources} shared with the relays of this worker. */
    public LiveSessions(
            MediaCommandClient client,
            FactReporter facts,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            Ladder ladder,
            IngestProperties properties,
            StreamSources sources) {
        this(client, facts, scheduler, pipes, ladder, properties, sources, Duration.ZERO);
    }

    /**
     * @param sources shared with the relays of this worker, so a stream has one source at a time
     * @param healthReportInterval how often to report each session's health; zero: never
     */
    public LiveSessions(
            MediaCommandClient client,
            FactReporter facts,
            TranscodeScheduler scheduler,
            PipedInputs pipes,
            Ladder ladder,
            IngestProperties properties,
            StreamSources sources,
            Duration healthReportInterval) {
        for (RecordingFailure failure : RecordingFailure.values()) {
            recordingFailures.put(failure, new AtomicLong());
        }
        this.sources = sources;
        this.client = client;
        this.facts = facts;
        this.scheduler = scheduler;
        this.pipes = pipes;
        this.ladder = ladder;
        this.properties = properties;
        this.timer = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().daemon().name("live-sessions").factory());
        long pollMs = properties.takedownPollInterval().toMillis();
        this.takedownPoll = timer.scheduleWithFixedDelay(this::pollTakedowns, pollMs, pollMs, TimeUnit.MILLISECONDS);
        long healthMs = healthReportInterval.toMillis();
        this.healthReports = healthMs <= 0
                ? null
                : timer.scheduleWithFixedDelay(this::reportHealth, healthMs, healthMs, TimeUnit.MILLISECONDS);
    }

    private final ScheduledFuture<?> healthReports;

    /**
     * Samples every live session (timer thread only) and reports it, unless facts are already waiting to be sent:
     * a health sample is worth less than the lifecycle facts queued before it, and the next one follows anyway.
     */
    void reportHealth() {
        List<LiveSession> sessions;
        List<Boolean> connected = new ArrayList<>();
        lock.lock();
        try {
            sessions = new ArrayList<>(byStream.values());
            sessions.forEach(s -> connected.add(s.state == State.CONNECTED));
        } finally {
            lock.unlock();
        }
        long now = System.nanoTime();
        for (int i = 0; i < sessions.size(); i++) {
            LiveSession s = sessions.get(i);
            MediaFact.Health sample = s.healthSample(now, connected.get(i));
            if (facts.queuedCount() == 0) {
                facts.report(s.streamId, sample);
            }
        }
    }

    /** A read-only view of one session. */
    public record SessionView(
            String streamId,
            String sessionId,
            State state,
            int encoderAttempts,
            OptionalLong encoderPid,
            Path directory,
            long bytesIn,
            AccessPolicy accessPolicy) {}

    @Override
    public PublishSink publish(String streamKey, IngestProtocol protocol, Runnable disconnect)
            throws IngestRefusedException {
        StreamKey key = StreamKey.parse(streamKey).orElseThrow(() -> new IngestRefusedException("not a stream key"));
        IngestAuthorization auth = client.authorize(key.value(), protocol);
        if (!auth.streamId().equals(key.streamId())) {
            throw new IngestRefusedException("the key belongs to another stream");
        }
        if (StreamSources.isRelaySession(auth.resumeSessionId())) {
            // the stream is fed by a relay (here or on another worker, or paused by a worker restart): one source
            throw new IngestRefusedException("the stream is fed by a relay");
        }
        LiveSession session;
        lock.lock();
        try {
            session = byStream.get(auth.streamId());
            if (session != null) {
                if (!session.reattach(disconnect)) {
                    throw new IngestRefusedException("the stream already has a publisher");
                }
            } else {
                if (byStream.size() >= properties.maxLiveStreams()) {
                    throw new IngestRefusedException(
                            "this worker already runs " + properties.maxLiveStreams() + " live streams");
                }
                if (sources.claim(auth.streamId(), StreamSources.Kind.INGEST)
                        .filter(kind -> kind == StreamSources.Kind.RELAY)
                        .isPresent()) {
                    throw new IngestRefusedException("the stream is fed by a relay on this worker");
                }
                String sessionId = auth.resumeSessionId() != null
                        ? auth.resumeSessionId()
                        : UUID.randomUUID().toString();
                session = new LiveSession(auth, sessionId, disconnect);
                try {
                    session.startEncoder(); // throws when no transcode slot is free
                } catch (IngestRefusedException | RuntimeException e) {
                    sources.release(auth.streamId(), StreamSources.Kind.INGEST);
                    throw e;
                }
                byStream.put(auth.streamId(), session);
            }
        } finally {
            lock.unlock();
        }
        facts.report(session.streamId, new MediaFact.WentLive(session.sessionId, protocol));
        return session;
    }

    public Optional<SessionView> session(String streamId) {
        lock.lock();
        try {
            return Optional.ofNullable(byStream.get(streamId)).map(LiveSession::view);
        } finally {
            lock.unlock();
        }
    }

    /** Sessions whose publisher is connected. */
    public int activeIngests() {
        lock.lock();
        try {
            return (int) byStream.values().stream()
                    .filter(s -> s.state == State.CONNECTED)
                    .count();
        } finally {
            lock.unlock();
        }
    }

    public int sessionCount() {
        lock.lock();
        try {
            return byStream.size();
        } finally {
            lock.unlock();
        }
    }

    public long encoderRestarts() {
        return encoderRestarts.get();
    }

    /** Recorded sessions that ended without a recording, for this reason. */
    public long recordingFailures(RecordingFailure reason) {
        return recordingFailures.get(reason).get();
    }

    /** The directory of a stream's current session (for playback). */
    public Optional<Path> liveDirectory(String streamId) {
        return session(streamId).map(SessionView::directory);
    }

    /** Cuts ingest, stops the encoder and deletes the live files of {@code streamId} (after a takedown). */
    public boolean takeDown(String streamId) {
        LiveSession session;
        lock.lock();
        try {
            session = byStream.remove(streamId);
            if (session != null) {
                sources.release(streamId, StreamSources.Kind.INGEST);
            }
        } finally {
            lock.unlock();
        }
        if (session == null) {
            return false;
        }
        session.takeDown();
        return true;
    }

    private void pollTakedowns() {
        List<String> streams;
        lock.lock();
        try {
            streams = new ArrayList<>(byStream.keySet());
        } finally {
            lock.unlock();
        }
        for (String streamId : streams) {
            try {
                if (client.status(streamId)
                        .filter(s -> s == StreamStatus.TAKEN_DOWN)
                        .isPresent()) {
                    log.warn("stream {} was taken down: cutting ingest and playback", streamId);
                    takeDown(streamId);
                }
            } catch (RuntimeException e) {
                log.warn("takedown check of stream {} failed", streamId, e);
            }
        }
    }

    @Override
    public void close() {
        takedownPoll.cancel(false);
        if (healthReports != null) {
            healthReports.cancel(false);
        }
        List<LiveSession> all;
        lock.lock();
        try {
            all = new ArrayList<>(byStream.values());
        } finally {
            lock.unlock();
        }
        all.forEach(s -> s.end("worker shutting down"));
        timer.shutdownNow();
    }

    private final class LiveSession implements PublishSink, TranscodeListener {
        final String streamId;
        final String sessionId;
        final boolean recording;
        final AccessPolicy accessPolicy;
        final Path directory;
        final JobId jobId;
        final FlvFeed feed;
        // guarded by lock
        State state = State.CONNECTED;
        Runnable disconnect;
        // the previous health sample (timer thread only)
        long sampledAtNanos = -1;
        long sampledBytesIn;
        long sampledFrames;
        int sampledAttempt;
        ScheduledFuture<?> graceTimer;
        TranscodeHandle handle;

        LiveSession(IngestAuthorization auth, String sessionId, Runnable disconnect) {
            this.streamId = auth.streamId();
            this.sessionId = sessionId;
            this.recording = auth.recordingEnabled();
            this.accessPolicy = auth.accessPolicy();
            this.disconnect = disconnect;
            this.directory = properties.liveDir().resolve(streamId).resolve(sessionId);
            this.jobId = new JobId("live-" + streamId.substring(0, Math.min(8, streamId.length())) + "-"
                    + sessionId.substring(0, Math.min(8, sessionId.length())));
            this.feed = new FlvFeed(jobId.toString());
        }

        void startEncoder() throws IngestRefusedException {
            try {
                Files.createDirectories(directory.resolve(HLS_DIR));
            } catch (IOException e) {
                throw new IngestRefusedException("cannot create the session directory");
            }
            List<String> args =
                    new ArrayList<>(HlsLadderArgs.of(new InputSource.Pipe("flv"), directory.resolve(HLS_DIR))
                            .withLadder(ladder)
                            .withMode(recording ? PlaylistMode.LIVE_RECORDED : PlaylistMode.LIVE)
                            .toArgs());
            args.addAll(thumbnailArgs());
            pipes.register(jobId, feed::attach);
            try {
                handle = scheduler.submit(new TranscodeRequest(jobId, JobKind.LIVE, args, directory), this);
            } catch (TranscodeRejectedException e) {
                pipes.unregister(jobId);
                deleteDirectory();
                throw new IngestRefusedException("no transcoder available: " + e.getMessage());
            }
            if (handle.state() == TranscodeHandle.State.QUEUED) { // live input cannot wait for a slot
                handle.stop();
                pipes.unregister(jobId);
                deleteDirectory();
                throw new IngestRefusedException(
                        "all " + scheduler.limits().maxConcurrentJobs() + " transcode slots are busy");
            }
        }

        private List<String> thumbnailArgs() {
            return List.of(
                    "-map",
                    "0:v:0",
                    "-filter:v",
                    "fps=1/" + properties.thumbnailIntervalS() + ",scale=-2:" + properties.thumbnailHeightPx(),
                    "-q:v",
                    "5",
                    "-update",
                    "1",
                    "-atomic_writing",
                    "1",
                    directory.resolve(THUMBNAIL).toString());
        }

        /** A publisher reconnects: only allowed in the grace period. */
        boolean reattach(Runnable newDisconnect) {
            if (state != State.GRACE) {
                return false;
            }
            if (graceTimer != null) {
                graceTimer.cancel(false);
            }
            state = State.CONNECTED;
            disconnect = newDisconnect;
            feed.newSource();
            log.info("stream {} session {}: publisher reconnected within the grace period", streamId, sessionId);
            return true;
        }

        @Override
        public void metadata(byte[] scriptTagData) {
            feed.metadata(scriptTagData);
        }

        @Override
        public void media(int tagType, long timestampMs, byte[] data) {
            feed.write(tagType, timestampMs, data);
        }

        @Override
        public void publisherGone() {
            lock.lock();
            try {
                if (state != State.CONNECTED) {
                    return;
                }
                state = State.GRACE;
                disconnect = null;
                graceTimer = timer.schedule(
                        () -> end("no reconnect within " + properties.reconnectGrace()),
                        properties.reconnectGrace().toMillis(),
                        TimeUnit.MILLISECONDS);
            } finally {
                lock.unlock();
            }
            facts.report(streamId, new MediaFact.IngestLost(sessionId));
        }

        /** Ends the session: input closed, FFmpeg finishes, ENDED (and RECORDING_READY) reported. */
        void end(String why) {
            Runnable cut;
            lock.lock();
            try {
                if (state == State.ENDED || state == State.TAKEN_DOWN) {
                    return;
                }
                state = State.ENDED;
                cut = disconnect;
                disconnect = null;
                if (byStream.remove(streamId, this)) {
                    sources.release(streamId, StreamSources.Kind.INGEST);
                }
            } finally {
                lock.unlock();
            }
            log.info("stream {} session {} ends: {}", streamId, sessionId, why);
            if (cut != null) {
                cut.run();
            }
            Thread.ofVirtual().name("end-" + jobId).start(this::finish);
        }

        private void finish() {
            feed.close();
            pipes.unregister(jobId);
            try {
                handle.outcome().get(properties.endTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.warn("stream {}: encoder did not finish within {}; stopping it", streamId, properties.endTimeout());
                handle.stop().join();
            } catch (Exception e) {
                log.warn("stream {}: waiting for the encoder failed", streamId, e);
            }
            facts.report(streamId, new MediaFact.Ended(sessionId));
            if (recording) {
                finishRecording();
            }
        }

        /**
         * Keeps the finished session as a VOD and reports {@code RECORDING_READY} with its duration: the longest
         * media playlist's sum of {@code #EXTINF} over segments that exist (read once the encoder has exited and
         * the playlists are closed). A session with no complete segment has no recording ({@link
         * RecordingFailure#NO_MEDIA}): its files are deleted and nothing is reported as ready.
         */
        private void finishRecording() {
            Path hls = directory.resolve(HLS_DIR);
            long durationMs;
            try {
                Playlists.closeAll(hls);
                durationMs = Playlists.recordedDurationMs(hls);
            } catch (IOException | RuntimeException e) {
                log.error("stream {}: recording of session {} could not be finalised", streamId, sessionId, e);
                recordingFailures.get(RecordingFailure.UNREADABLE).incrementAndGet();
                return;
            }
            if (durationMs <= 0) {
                log.warn(
                        "stream {}: session {} ended before any segment was complete: no recording",
                        streamId,
                        sessionId);
                recordingFailures.get(RecordingFailure.NO_MEDIA).incrementAndGet();
                deleteDirectory();
                return;
            }
            lock.lock();
            try {
                recordings.remove(streamId);
                recordings.put(streamId, new Recording(streamId, sessionId, hls, durationMs, accessPolicy, null));
            } finally {
                lock.unlock();
            }
            boolean mp4 = properties.recordingMp4() && remuxToMp4(hls);
            if (mp4) {
                lock.lock();
                try { // served once complete, and only if no newer recording replaced this one
                    recordings.computeIfPresent(
                            streamId,
                            (id, kept) -> kept.sessionId().equals(sessionId)
                                    ? kept.withMp4(directory.resolve(RECORDING_MP4))
                                    : kept);
                } finally {
                    lock.unlock();
                }
            }
            facts.report(streamId, new MediaFact.RecordingReady(sessionId, durationMs, mp4));
        }

        /** {@code recording.mp4} next to {@code hls/}: first video rendition + audio, stream copy, faststart. */
        private boolean remuxToMp4(Path hls) {
            Path mp4 = directory.resolve(RECORDING_MP4);
            List<String> args = List.of(
                    "-hide_banner",
                    "-nostats",
                    "-loglevel",
                    "error",
                    "-progress",
                    "pipe:1",
                    "-y",
                    "-i",
                    hls.resolve(HlsLadderArgs.MASTER_PLAYLIST).toString(),
                    "-map",
                    "0:v:0?",
                    "-map",
                    "0:a:0?",
                    "-c",
                    "copy",
                    "-movflags",
                    "+faststart",
                    mp4.toString());
            try {
                TranscodeHandle remux = scheduler.submit(
                        new TranscodeRequest(new JobId(jobId + "-mp4"), JobKind.FINITE, args, directory),
                        TranscodeListener.NONE);
                TranscodeOutcome outcome =
                        remux.outcome().get(properties.recordingMp4Timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (outcome instanceof TranscodeOutcome.Succeeded && Files.size(mp4) > 0) {
                    return true;
                }
                log.warn("stream {}: MP4 remux of session {} failed: {}", streamId, sessionId, outcome);
            } catch (TranscodeRejectedException | IOException | TimeoutException e) {
                log.warn("stream {}: MP4 remux of session {} not done: {}", streamId, sessionId, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("stream {}: MP4 remux of session {} failed", streamId, sessionId, e);
            }
            try {
                Files.deleteIfExists(mp4);
            } catch (IOException e) {
                log.warn("could not delete partial {}", mp4);
            }
            return false;
        }

        void takeDown() {
            Runnable cut;
            lock.lock();
            try {
                state = State.TAKEN_DOWN;
                cut = disconnect;
                disconnect = null;
                if (graceTimer != null) {
                    graceTimer.cancel(false);
                }
            } finally {
                lock.unlock();
            }
            if (cut != null) {
                cut.run();
            }
            feed.close();
            pipes.unregister(jobId);
            handle.stop().whenComplete((outcome, error) -> deleteDirectory());
        }

        private void deleteDirectory() {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                log.warn("could not delete {}", directory, e);
            }
        }

        /**
         * What was measured since the previous sample: input bitrate from the FLV bytes fed to the encoder, encoder
         * frames per second from FFmpeg's frame counter (none across a restart, which resets it), FFmpeg's own speed,
         * restarts so far. The first sample of a session has no rates (no window yet).
         */
        MediaFact.Health healthSample(long nowNanos, boolean publisherConnected) {
            long bytesIn = feed.bytesWritten();
            TranscodeHandle h = handle;
            int attempts = h == null ? 0 : h.attempts();
            FfmpegProgress p = h == null ? FfmpegProgress.NONE : h.progress();
            Long bitrateKbps = null;
            Double fps = null;
            if (sampledAtNanos >= 0 && nowNanos > sampledAtNanos) {
                double seconds = (nowNanos - sampledAtNanos) / 1e9;
                bitrateKbps = Math.round(Math.max(0, bytesIn - sampledBytesIn) * 8 / 1000.0 / seconds);
                if (attempts == sampledAttempt && p.frame() >= sampledFrames && p.frame() > 0) {
                    fps = Math.round((p.frame() - sampledFrames) / seconds * 100) / 100.0;
                }
            }
            sampledAtNanos = nowNanos;
            sampledBytesIn = bytesIn;
            sampledFrames = p.frame();
            sampledAttempt = attempts;
            Double speed = p.speed() > 0 ? Math.round(p.speed() * 100) / 100.0 : null;
            return new MediaFact.Health(
                    sessionId, publisherConnected, bitrateKbps, fps, speed, Math.max(0, attempts - 1));
        }

        SessionView view() {
            return new SessionView(
                    streamId,
                    sessionId,
                    state,
                    handle == null ? 0 : handle.attempts(),
                    handle == null ? OptionalLong.empty() : handle.pid(),
                    directory,
                    feed.bytesWritten(),
                    accessPolicy);
        }

        @Override
        public void onRestartScheduled(JobId id, int nextAttempt, Duration backoff, FfmpegFailure cause) {
            encoderRestarts.incrementAndGet();
            log.warn(
                    "stream {} session {}: encoder died ({}), restart #{} in {}",
                    streamId,
                    sessionId,
                    cause,
                    nextAttempt - 1,
                    backoff);
        }

        @Override
        public void onFinished(JobId id, TranscodeOutcome outcome) {
            if (outcome instanceof TranscodeOutcome.Failed failed) {
                log.error("stream {} session {}: encoder failed for good: {}", streamId, sessionId, failed.failure());
                end("encoder failed: " + failed.failure());
            }
        }
    }
}
