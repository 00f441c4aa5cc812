package io.creditcast.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.IngestAuthorization;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ffmpeg.FfmpegJob;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.RestartPolicy;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production-mode SSRF refusal, the refusals before any process starts and the relay limit, with a fake ICY
 * source on a local socket and {@code cat} standing in for FFmpeg (no Icecast, no FFmpeg).
 */
class RelayManagerTest {
    @TempDir
    Path root;

    final AtomicInteger launches = new AtomicInteger();
    final AtomicInteger statusCalls = new AtomicInteger();
    final TranscodeScheduler scheduler = new TranscodeScheduler(
            (request, attempt, onProgress) -> {
                // a stand-in encoder: reads its stdin until the relay closes it
                launches.incrementAndGet();
                return FfmpegJob.start(
                        request.id() + "#" + attempt,
                        new ProcessBuilder("cat").directory(request.workDir().toFile()),
                        10,
                        onProgress);
            },
            TranscodeScheduler.Limits.defaults(),
            new RestartPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), 2, Duration.ofMinutes(1)));
    final java.util.List<Map.Entry<String, MediaFact>> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
    final MediaCommandClient commandSide = new MediaCommandClient() {
        @Override
        public IngestAuthorization authorize(String streamKey, IngestProtocol protocol) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void report(String streamId, MediaFact fact) {
            reported.add(Map.entry(streamId, fact));
        }

        @Override
        public Optional<StreamStatus> status(String streamId) {
            statusCalls.incrementAndGet();
            return Optional.of(StreamStatus.SCHEDULED);
        }
    };

    final FactReporter facts = new FactReporter(commandSide, 1, Duration.ofMillis(10), 100);

    @AfterEach
    void close() {
        facts.close();
        scheduler.close();
    }

    RelayManager manager(boolean allowPrivate, int maxRelays) {
        return manager(allowPrivate, maxRelays, 0);
    }

    RelayManager manager(boolean allowPrivate, int maxRelays, int reconnectAttempts) {
        RelayProperties properties = new RelayProperties(
                root.resolve("relay"),
                allowPrivate,
                maxRelays,
                2048,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                reconnectAttempts,
                6,
                3,
                128,
                128,
                10,
                16,
                root.resolve("relay-registrations"));
        return new RelayManager(
                new SourceUrlGuard(2048, allowPrivate, SourceUrlGuard::systemResolve),
                commandSide,
                scheduler,
                new PipedInputs(),
                properties,
                new AudienceCounter(Duration.ofSeconds(15), 100, System::nanoTime),
                facts);
    }

    @Test
    void inProductionModeALoopbackSourceIsRefusedBeforeAnythingConnectsOrStarts() throws IOException {
        try (ServerSocket source = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RelayManager relays = manager(false, 4);

            for (String url : new String[] {
                "http://127.0.0.1:" + source.getLocalPort() + "/live.mp3",
                "http://localhost:" + source.getLocalPort() + "/live.mp3"
            }) {
                assertThatThrownBy(() -> relays.start("stream-1", url))
                        .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.problemType())
                                .isEqualTo(SourceUrlGuard.SOURCE_REFUSED));
            }

            source.setSoTimeout(200);
            assertThatThrownBy(source::accept).as("nobody connected").isInstanceOf(IOException.class);
            assertThat(statusCalls).hasValue(0);
            assertThat(launches).hasValue(0);
            assertThat(relays.runningCount()).isZero();
            assertThat(root.resolve("relay")).doesNotExist();
            assertThat(reported).as("no lifecycle fact for a refused relay").isEmpty();
        }
    }

    @Test
    void aSourceThatAnswersWithSomethingElseThanAudioIs422AndLeavesNoFiles() throws Exception {
        try (ServerSocket source = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket client = source.accept()) {
                    InputStream in = client.getInputStream();
                    in.readNBytes(16); // part of the request is enough
                    client.getOutputStream()
                            .write("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>".getBytes());
                } catch (IOException e) {
                    // the assertion below reports what matters
                }
            });
            RelayManager relays = manager(true, 4);

            assertThatThrownBy(() -> relays.start("stream-1", "http://127.0.0.1:" + source.getLocalPort() + "/"))
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                        assertThat(e.problemType()).isEqualTo(RelayManager.SOURCE_UNREACHABLE);
                        assertThat(e.detail()).contains("not an audio stream");
                    });
            assertThat(launches).hasValue(0);
            assertThat(Files.exists(root.resolve("relay").resolve("stream-1"))).isFalse();
        }
    }

    @Test
    void aMalformedStreamIdIs404() {
        RelayManager relays = manager(true, 4);

        assertThatThrownBy(() -> relays.start("../etc", "http://127.0.0.1:1/"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class,
                        e -> assertThat(e.problemType().status().value()).isEqualTo(404));
    }

    @Test
    void stoppingAStreamWithoutRelayIs404() {
        assertThatThrownBy(() -> manager(true, 4).stop("stream-1"))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.problemType())
                        .isEqualTo(RelayManager.RELAY_NOT_FOUND));
    }

    @Test
    void relaysAreLimitedExactlyAtMaxRelaysAndAStoppedOneFreesItsPlaceAndFiles() throws Exception {
        try (ServerSocket source = fakeIcySource()) {
            String url = "http://127.0.0.1:" + source.getLocalPort() + "/live.mp3";
            RelayManager relays = manager(true, 2);

            Relay first = relays.start("stream-1", url);
            relays.start("stream-2", url);
            assertThat(first.connected()).isTrue();
            assertThat(first.stationName()).isEqualTo("Fake FM");
            assertThat(first.bitrateKbps()).hasValue(96);
            assertThat(root.resolve("relay").resolve("stream-1")).isDirectory();

            assertThatThrownBy(() -> relays.start("stream-3", url))
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.problemType())
                            .isEqualTo(RelayManager.RELAY_CAPACITY));
            assertThatThrownBy(() -> relays.start("stream-1", url))
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.problemType())
                            .isEqualTo(RelayManager.RELAY_RUNNING));

            String session1 = Relay.sessionIdFor("stream-1");
            relays.stop("stream-1");
            assertThat(root.resolve("relay").resolve("stream-1")).doesNotExist();
            assertThat(relays.start("stream-3", url).connected()).isTrue();

            relays.close();
            assertThat(relays.runningCount()).isZero();
            // a started relay is a live session; DELETE ends the stream, a worker shutdown only pauses it
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reported)
                    .containsSubsequence(
                            Map.entry("stream-1", new MediaFact.WentLive(session1, IngestProtocol.RELAY)),
                            Map.entry("stream-1", new MediaFact.Ended(session1)))
                    .contains(
                            Map.entry("stream-2", new MediaFact.IngestLost(Relay.sessionIdFor("stream-2"))),
                            Map.entry("stream-3", new MediaFact.IngestLost(Relay.sessionIdFor("stream-3"))))
                    .doesNotContain(
                            Map.entry("stream-2", new MediaFact.Ended(Relay.sessionIdFor("stream-2"))),
                            Map.entry("stream-3", new MediaFact.Ended(Relay.sessionIdFor("stream-3")))));
            assertThat(scheduler.runningCount()).isZero();
            try (var left = Files.list(root.resolve("relay"))) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void aLostSourceIsReconnectedAndItsTitleFollowsAgain() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket source = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!source.isClosed()) {
                    try {
                        Socket client = source.accept();
                        int n = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> {
                            try (client) {
                                OutputStream out = client.getOutputStream();
                                out.write(
                                        "ICY 200 OK\r\ncontent-type: audio/mpeg\r\nicy-metaint: 4\r\n\r\n".getBytes());
                                byte[] title = ("StreamTitle='Song " + n + "';").getBytes();
                                byte[] block = new byte[((title.length + 15) / 16) * 16];
                                System.arraycopy(title, 0, block, 0, title.length);
                                out.write(new byte[4]);
                                out.write(block.length / 16);
                                out.write(block);
                                out.flush();
                                if (n > 1) {
                                    client.getInputStream().transferTo(OutputStream.nullOutputStream());
                                }
                            } catch (IOException e) {
                                // the relay closed the connection
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            RelayManager relays = manager(true, 2, 2);

            Relay relay = relays.start("stream-1", "http://127.0.0.1:" + source.getLocalPort() + "/live");

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(connections).hasValue(2);
                assertThat(relay.connected()).isTrue();
                assertThat(relay.title()).isEqualTo("Song 2");
            });
            String session = relay.sessionId();
            // the lost source paused the session, the reconnect resumed the same one
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(reported)
                    .containsExactly(
                            Map.entry("stream-1", new MediaFact.WentLive(session, IngestProtocol.RELAY)),
                            Map.entry("stream-1", new MediaFact.IngestLost(session)),
                            Map.entry("stream-1", new MediaFact.WentLive(session, IngestProtocol.RELAY))));
            assertThat(Relay.sessionIdFor("stream-1")).isEqualTo(session).matches("[A-Za-z0-9-]{1,64}");
            relays.close();
        }
    }

    /** Answers every connection like Icecast (96 kb/s declared) and then keeps it open without sending audio. */
    private static ServerSocket fakeIcySource() throws IOException {
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            client.getOutputStream()
                                    .write(("ICY 200 OK\r\ncontent-type: audio/mpeg\r\nicy-br: 96\r\n"
                                                    + "icy-name: Fake FM\r\nicy-metaint: 8192\r\n\r\n")
                                            .getBytes());
                            client.getInputStream().transferTo(OutputStream.nullOutputStream());
                        } catch (IOException e) {
                            // the relay closed the connection
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }
}
