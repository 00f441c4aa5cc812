package io.creditcast.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.TestMedia;
import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.IngestAuthorization;
import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ingest.IngestProperties;
import io.creditcast.media.ingest.LiveSessions;
import io.creditcast.media.ingest.StreamSources;
import io.creditcast.media.ingest.rtmp.RtmpServer;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import io.creditcast.media.transcode.AudioRendition;
import io.creditcast.media.transcode.FfmpegLauncher;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.RestartPolicy;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.media.transcode.VideoRendition;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relays next to live sessions, and relays across a worker restart: a real Icecast ({@link IcecastServer}) fed by
 * the bundled FFmpeg, the real FFmpeg encoder, the in-process RTMP server with a real FFmpeg publisher, and a command
 * side in memory that moves the stream's status and session with the reported facts as the {@code Stream} aggregate
 * does. A "worker" is a {@link RelayManager} (plus live sessions) over one media directory; a restart is a fresh one
 * on the same directory.
 */
class RelaySessionsIT {
    private static final AtomicInteger MOUNTS = new AtomicInteger();
    private static final Ladder SMALL = new Ladder(
            List.of(new VideoRendition("144p", 144, 200, 220, 400)),
            Optional.of(new AudioRendition("audio", 64, 48000, 2)),
            "ultrafast",
            2,
            6);

    @TempDir
    Path root;

    final IcecastServer icecast = IcecastServer.shared();
    final StreamCommandSide commandSide = new StreamCommandSide();
    final List<Process> processes = new ArrayList<>();
    final List<AutoCloseable> workers = new ArrayList<>();
    final String streamId = UUID.randomUUID().toString();
    PipedInputs pipes;
    TranscodeScheduler scheduler;
    FactReporter facts;

    @BeforeEach
    void scheduler() {
        pipes = new PipedInputs();
        scheduler = new TranscodeScheduler(
                pipes.around(FfmpegLauncher.using(TestMedia.ffmpeg(), 200)),
                new TranscodeScheduler.Limits(3, 0, Duration.ofSeconds(3)),
                new RestartPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofMinutes(1)));
        facts = new FactReporter(commandSide, 1, Duration.ofMillis(10), 100);
    }

    @AfterEach
    void stopEverything() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (AutoCloseable worker : workers.reversed()) {
            worker.close();
        }
        scheduler.close();
        facts.close();
    }

    RelayManager relayWorker(StreamSources sources) {
        RelayProperties properties = new RelayProperties(
                root.resolve("relay"),
                true, // Icecast listens on loopback
                4,
                2048,
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                1,
                6,
                3,
                128,
                128,
                10,
                64,
                root.resolve("relay-registrations"));
        RelayManager relays = new RelayManager(
                new SourceUrlGuard(2048, true, SourceUrlGuard::systemResolve),
                commandSide,
                scheduler,
                pipes,
                properties,
                new AudienceCounter(Duration.ofSeconds(15), 100, System::nanoTime),
                facts,
                sources);
        workers.add(relays);
        return relays;
    }

    RtmpServer rtmpWorker(StreamSources sources) throws IOException {
        IngestProperties properties = new IngestProperties(
                root.resolve("live"),
                Duration.ofSeconds(1),
                2,
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                1,
                90,
                false,
                Duration.ofSeconds(30),
                new IngestProperties.Rtmp(
                        true, "127.0.0.1", 0, "live", 4, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        LiveSessions sessions = new LiveSessions(commandSide, facts, scheduler, pipes, SMALL, properties, sources);
        workers.add(sessions);
        RtmpServer server = new RtmpServer(properties.rtmp(), sessions).start();
        workers.add(server);
        liveSessions = sessions;
        return server;
    }

    LiveSessions liveSessions;

    @Test
    void aRegisteredRelayIsResumedByAFreshWorkerOnTheSameDiskAndItsStatusShowsItConnected() throws Exception {
        String mount = feed("Restart FM");
        icecast.setTitle(mount, "Before The Restart");
        RelayManager first = relayWorker(new StreamSources());
        first.start(streamId, icecast.url(mount), "test-creator");
        String session = Relay.sessionIdFor(streamId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.LIVE)));
        assertThat(registration()).exists();

        first.close(); // the worker stops: the stream is paused, the registration stays
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.PAUSED)));
        assertThat(first.runningCount()).isZero();
        assertThat(scheduler.runningCount()).as("no encoder left").isZero();
        assertThat(root.resolve("relay").resolve(streamId)).doesNotExist();
        assertThat(registration()).as("kept across the restart").exists();

        RelayManager restarted = relayWorker(new StreamSources()); // a fresh worker on the same disk
        assertThat(restarted.relay(streamId)).isEmpty();
        assertThat(restarted.resumeRegistered()).containsExactly(streamId);

        RelayController controller = new RelayController(restarted, null, commandSide);
        await("the resumed relay's status").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            RelayStatusView status = controller.status(streamId);
            assertThat(status.connected()).isTrue();
            assertThat(status.currentTrack()).isEqualTo("Before The Restart");
            assertThat(status.stationName()).isEqualTo("Restart FM");
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.LIVE)));
        assertThat(commandSide.facts(streamId))
                .as("the same session, paused and resumed")
                .containsExactly(
                        new MediaFact.WentLive(session, IngestProtocol.RELAY),
                        new MediaFact.IngestLost(session),
                        new MediaFact.WentLive(session, IngestProtocol.RELAY));
        assertThat(commandSide.rejected()).isEmpty();
        await("HLS from the resumed encoder")
                .atMost(Duration.ofSeconds(40))
                .until(() ->
                        Files.exists(root.resolve("relay").resolve(streamId).resolve("audio/index.m3u8")));

        restarted.stop(streamId); // stopped for good: ended, and not resumed again
        assertThat(registration()).doesNotExist();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.ENDED)));
        assertThat(relayWorker(new StreamSources()).resumeRegistered()).isEmpty();
    }

    @Test
    void aRegistrationThatCannotBeResumedIsDroppedAndItsSessionEnded() throws Exception {
        String mount = feed("Gone FM");
        RelayManager first = relayWorker(new StreamSources());
        first.start(streamId, icecast.url(mount), "test-creator");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.LIVE)));
        first.close();
        processes.getLast().destroyForcibly(); // the source is gone while the worker is down
        await().atMost(Duration.ofSeconds(10)).until(() -> !icecast.mountUp(mount));

        RelayManager restarted = relayWorker(new StreamSources());
        assertThat(restarted.resumeRegistered())
                .as("one retry after 1 s, then given up")
                .isEmpty();

        assertThat(registration()).doesNotExist();
        assertThat(restarted.runningCount()).isZero();
        assertThat(scheduler.runningCount()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.ENDED)));
    }

    @Test
    void aRelayOnAStreamLiveFromRtmpIsRefused409OnStreamIdWithNothingStartedOrRegistered() throws Exception {
        StreamSources sources = new StreamSources();
        RtmpServer rtmp = rtmpWorker(sources);
        RelayManager relays = relayWorker(sources);
        StreamKey key = commandSide.newStream(streamId);
        publish(rtmp, key, 20);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> liveSessions.session(streamId).isPresent());
        String mount = feed("Too Late FM");

        // refused on this worker's own session at once, whether or not the command side has heard of it yet
        assertThatThrownBy(() -> relays.start(streamId, icecast.url(mount), "test-creator"))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.problemType()).isEqualTo(RelayManager.STREAM_ALREADY_LIVE);
                    assertThat(e.problemType().status().value()).isEqualTo(409);
                    assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("stream_id");
                });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.LIVE)));
        // and on the command side's session (a publisher on another worker): a fresh worker without the session
        RelayManager elsewhere = relayWorker(new StreamSources());
        assertThatThrownBy(() -> elsewhere.start(streamId, icecast.url(mount), "test-creator"))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.problemType())
                        .isEqualTo(RelayManager.STREAM_ALREADY_LIVE));

        assertThat(relays.runningCount() + elsewhere.runningCount()).isZero();
        assertThat(scheduler.runningCount()).as("only the live encoder").isOne();
        assertThat(root.resolve("relay").resolve(streamId)).doesNotExist();
        assertThat(registration()).doesNotExist();
        assertThat(commandSide.facts(streamId)).extracting(MediaFact::type).doesNotContain("ENDED");
        assertThat(sources.holder(streamId)).contains(StreamSources.Kind.INGEST);
        assertThat(liveSessions.session(streamId).orElseThrow().state()).isEqualTo(LiveSessions.State.CONNECTED);
    }

    @Test
    void anRtmpPublisherOnARelayedStreamIsRefusedAtConnectAndTheRelayKeepsRunning() throws Exception {
        StreamSources sources = new StreamSources();
        RtmpServer rtmp = rtmpWorker(sources);
        RelayManager relays = relayWorker(sources);
        StreamKey key = commandSide.newStream(streamId);
        String mount = feed("Owned Stream FM");
        relays.start(streamId, icecast.url(mount), "test-creator");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> commandSide.status(streamId).equals(Optional.of(StreamStatus.LIVE)));

        Process publisher = publish(rtmp, key, 3);

        assertThat(publisher.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(publisher.exitValue()).as("refused at connect").isNotZero();
        assertThat(liveSessions.sessionCount()).isZero();
        assertThat(commandSide.facts(streamId))
                .containsExactly(new MediaFact.WentLive(Relay.sessionIdFor(streamId), IngestProtocol.RELAY));
        assertThat(relays.relay(streamId).orElseThrow().connected()).isTrue();
        assertThat(scheduler.runningCount()).as("only the relay's encoder").isOne();
        assertThat(sources.holder(streamId)).contains(StreamSources.Kind.RELAY);

        relays.stop(streamId); // once the relay is gone the stream has ended: the command side refuses the key
        assertThat(sources.holder(streamId)).isEmpty();
    }

    private Path registration() {
        return root.resolve("relay-registrations").resolve(streamId + ".json");
    }

    private String feed(String stationName) throws IOException {
        String mount = "/relay-sessions-it-" + MOUNTS.incrementAndGet() + ".mp3";
        processes.add(icecast.feed(mount, stationName));
        return mount;
    }

    private Process publish(RtmpServer server, StreamKey key, int seconds) throws IOException {
        List<String> args = List.of(
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x180:rate=15",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                "15",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "64k",
                "-f",
                "flv",
                "rtmp://127.0.0.1:" + server.port() + "/live/" + key.value());
        Process process = TestMedia.ffmpeg()
                .ffmpegProcess(args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(
                        root.resolve("publisher-" + processes.size() + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    /**
     * The command side in memory: a stream's status and current session move with the reported facts as the
     * {@code Stream} aggregate moves them (a went-live of another session while live is refused with a 409, recorded
     * in {@link #rejected()}); publishers' keys are checked and a reconnect is handed the current session.
     */
    static final class StreamCommandSide implements MediaCommandClient {
        record State(StreamStatus status, String sessionId) {}

        private final Map<String, StreamKey> keys = new ConcurrentHashMap<>();
        private final Map<String, State> streams = new ConcurrentHashMap<>();
        private final List<Map.Entry<String, MediaFact>> reported = new ArrayList<>();
        private final List<MediaFact> rejected = new ArrayList<>();

        StreamKey newStream(String streamId) {
            StreamKey key = StreamKey.generate(streamId);
            keys.put(streamId, key);
            streams.put(streamId, new State(StreamStatus.SCHEDULED, null));
            return key;
        }

        synchronized List<MediaFact> facts(String streamId) {
            return reported.stream()
                    .filter(e -> e.getKey().equals(streamId))
                    .map(Map.Entry::getValue)
                    .toList();
        }

        synchronized List<MediaFact> rejected() {
            return List.copyOf(rejected);
        }

        private State state(String streamId) {
            return streams.computeIfAbsent(streamId, id -> new State(StreamStatus.SCHEDULED, null));
        }

        @Override
        public IngestAuthorization authorize(String streamKey, IngestProtocol protocol) throws IngestRefusedException {
            StreamKey presented = StreamKey.parse(streamKey).orElseThrow(() -> new IngestRefusedException("not a key"));
            StreamKey known = keys.get(presented.streamId());
            if (known == null || !known.value().equals(presented.value())) {
                throw new IngestRefusedException("unknown or revoked key");
            }
            State state = state(presented.streamId());
            if (!state.status().acceptsIngest()) {
                throw new IngestRefusedException("the stream is " + state.status());
            }
            return new IngestAuthorization(
                    presented.streamId(),
                    AccessPolicy.PUBLIC,
                    false,
                    state.status() == StreamStatus.SCHEDULED ? null : state.sessionId());
        }

        @Override
        public synchronized void report(String streamId, MediaFact fact) throws FactRejectedException {
            State state = state(streamId);
            State next =
                    switch (fact) {
                        case MediaFact.WentLive f -> {
                            if (state.status() == StreamStatus.LIVE
                                    && !f.ingestSessionId().equals(state.sessionId())) {
                                rejected.add(fact);
                                throw new FactRejectedException("409 live with another session");
                            }
                            yield new State(StreamStatus.LIVE, f.ingestSessionId());
                        }
                        case MediaFact.IngestLost f -> new State(StreamStatus.PAUSED, state.sessionId());
                        case MediaFact.Ended f -> {
                            if (!f.ingestSessionId().equals(state.sessionId())) {
                                rejected.add(fact);
                                throw new FactRejectedException("409 another session");
                            }
                            yield new State(StreamStatus.ENDED, state.sessionId());
                        }
                        case MediaFact.RecordingReady f -> state;
                        case MediaFact.Audience f -> state;
                        case MediaFact.Health f -> state;
                    };
            streams.put(streamId, next);
            if (!(fact instanceof MediaFact.Audience) && !(fact instanceof MediaFact.Health)) {
                reported.add(Map.entry(streamId, fact));
            }
        }

        @Override
        public Optional<StreamStatus> status(String streamId) {
            return Optional.of(state(streamId).status());
        }

        @Override
        public Optional<AccessPolicy> accessPolicy(String streamId) {
            return Optional.of(AccessPolicy.PUBLIC);
        }

        @Override
        public Optional<String> creatorId(String streamId) {
            return Optional.of("test-creator");
        }

        @Override
        public Optional<String> ingestSessionId(String streamId) {
            return Optional.ofNullable(state(streamId).sessionId());
        }
    }
}
