package io.creditcast.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.playback.PlaybackTokens;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay against a real Icecast 2 ({@link IcecastServer}, fed by the bundled FFmpeg with a 128 kb/s MP3 tone):
 * the whole worker on a random port, the command side a mock that knows every stream as scheduled and public.
 * Private sources are allowed here (Icecast listens on loopback); the production-mode refusal is
 * {@link RelayManagerTest}'s and {@link SourceUrlGuardTest}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RelayIT {
    private static final Path ROOT;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration HLS_TIMEOUT = Duration.ofSeconds(40);
    private static final AtomicInteger MOUNTS = new AtomicInteger();

    static {
        try {
            ROOT = Files.createTempDirectory("relay-it-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var paths = Files.walk(ROOT)) {
                    paths.sorted(java.util.Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                } catch (IOException | java.io.UncheckedIOException e) {
                    // best effort: the system temp folder is cleaned eventually
                }
            }));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.shutdown", () -> "immediate");
        registry.add("creditcast.media.ingest.rtmp.port", () -> "0");
        registry.add("creditcast.media.ingest.rtmp.bind-address", () -> "127.0.0.1");
        registry.add(
                "creditcast.media.ingest.live-dir", () -> ROOT.resolve("live").toString());
        registry.add("creditcast.media.upload.storage-dir", () -> ROOT.resolve("uploads")
                .toString());
        registry.add("creditcast.media.relay.relay-dir", () -> relayDir().toString());
        registry.add("creditcast.media.relay.registration-dir", () -> ROOT.resolve("relay-registrations")
                .toString());
        registry.add("creditcast.media.relay.allow-private-sources", () -> "true");
        registry.add("creditcast.media.relay.read-timeout", () -> "3s");
        registry.add("creditcast.media.relay.reconnect-attempts", () -> "1");
        registry.add("creditcast.media.playback.audience-report-interval", () -> "200ms");
    }

    @MockitoBean
    MediaCommandClient commandSide;

    @Autowired
    Environment environment;

    @Autowired
    RelayManager relays;

    @Autowired
    TranscodeScheduler scheduler;

    @Autowired
    PlaybackTokens tokens;

    final IcecastServer icecast = IcecastServer.shared();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Process> sources = new ArrayList<>();
    final String streamId = UUID.randomUUID().toString();

    @BeforeEach
    void everyStreamIsScheduledAndPublic() {
        when(commandSide.status(anyString())).thenReturn(Optional.of(StreamStatus.SCHEDULED));
        when(commandSide.accessPolicy(anyString())).thenReturn(Optional.of(AccessPolicy.PUBLIC));
        when(commandSide.creatorId(anyString())).thenReturn(Optional.of("test-creator"));
    }

    /** The facts reported for this test's stream, in order. */
    List<MediaFact> reportedFacts() {
        return org.mockito.Mockito.mockingDetails(commandSide).getInvocations().stream()
                .filter(i -> i.getMethod().getName().equals("report") && streamId.equals(i.getArgument(0)))
                .map(i -> (MediaFact) i.getArgument(1))
                .toList();
    }

    @AfterEach
    void stopSourcesAndRelays() {
        sources.forEach(Process::destroyForcibly);
        relays.close();
    }

    @Test
    void relaysARealIcecastSourceToHlsAndMp3AndFollowsItsTitleChanges() throws Exception {
        String mount = feed("Creditcast Test FM");
        icecast.setTitle(mount, "First Song");

        HttpResponse<String> started = startRelay(icecast.url(mount));

        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(Files.readString(registration()))
                .as("registered, to be resumed after a restart")
                .contains(streamId, icecast.url(mount), "test-creator");
        Map<?, ?> view = JSON.readValue(started.body(), Map.class);
        assertThat(view.get("connected")).isEqualTo(true);
        assertThat(view.get("station_name")).isEqualTo("Creditcast Test FM");
        await("the title from the ICY metadata")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(status().get("current_track")).isEqualTo("First Song"));
        assertThat(status().get("bitrate_kbps")).isEqualTo(128);

        icecast.setTitle(mount, "Second Song – Ünïcode");
        await("the changed title")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(status().get("current_track")).isEqualTo("Second Song – Ünïcode"));

        await("an HLS window with a segment").atMost(HLS_TIMEOUT).untilAsserted(() -> assertThat(
                        get("/relay/" + streamId + "/audio/index.m3u8"))
                .contains("#EXT-X-TARGETDURATION:6")
                .contains(".ts"));
        HttpResponse<String> master =
                http.send(request("/relay/" + streamId + "/master.m3u8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(master.statusCode()).isEqualTo(200);
        assertThat(master.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age=1"));
        String segment = get("/relay/" + streamId + "/audio/index.m3u8")
                .lines()
                .filter(line -> line.endsWith(".ts"))
                .findFirst()
                .orElseThrow();
        HttpResponse<byte[]> ts = http.send(
                request("/relay/" + streamId + "/audio/" + segment).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ts.statusCode()).isEqualTo(200);
        assertThat(ts.body()[0]).as("MPEG-TS sync byte").isEqualTo((byte) 0x47);

        byte[] mp3 = readMp3(32 * 1024);
        assertThat(containsMp3Frame(mp3))
                .as("MP3 frames on the continuous endpoint")
                .isTrue();

        HttpResponse<String> stopped = http.send(
                request("/api/v1/streams/" + streamId + "/relay").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stopped.statusCode()).isEqualTo(204);
        assertNothingLeft();
        assertThat(registration()).as("a stopped relay is not resumed").doesNotExist();
        assertThat(status(503)).containsEntry("type", "https://creditcast.io/problems/relay-offline");
    }

    @Test
    void anMp3ListenerIsCountedWhileConnected() throws Exception {
        String mount = feed("Listener FM");
        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(201);

        String session = relays.relay(streamId).orElseThrow().sessionId();
        verify(commandSide, timeout(10_000)).report(streamId, new MediaFact.WentLive(session, IngestProtocol.RELAY));

        HttpResponse<InputStream> listener = http.send(
                request("/relay/" + streamId + "/stream.mp3").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = listener.body()) {
            assertThat(listener.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
            assertThat(body.readNBytes(4096)).hasSize(4096);
            assertThat(((Number) status().get("listeners")).intValue()).isEqualTo(1);
            // reported to the command side like live viewers: one listener, no viewers
            verify(commandSide, timeout(10_000)).report(streamId, new MediaFact.Audience(0, 1));
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(((Number) status().get("listeners")).intValue())
                        .isZero());
        await("the listener's departure reported")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(reportedFacts())
                        .containsSubsequence(new MediaFact.Audience(0, 1), new MediaFact.Audience(0, 0)));

        HttpResponse<String> stopped = http.send(
                request("/api/v1/streams/" + streamId + "/relay").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stopped.statusCode()).isEqualTo(204);
        verify(commandSide, timeout(10_000)).report(streamId, new MediaFact.Ended(session));
    }

    @Test
    void aSourceThatGoesAwayMakesTheStatus503AndTheRelayStopsAfterItsReconnectAttempts() throws Exception {
        String mount = feed("Vanishing FM");
        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> status().get("connected").equals(true));

        String session = relays.relay(streamId).orElseThrow().sessionId();
        sources.getLast().destroyForcibly();

        verify(commandSide, timeout(15_000)).report(streamId, new MediaFact.IngestLost(session));
        await("offline").atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(503))
                .containsEntry("type", "https://creditcast.io/problems/relay-offline"));
        await("stopped after the reconnect attempt")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    assertThat(relays.relay(streamId)).isEmpty();
                    assertNothingLeft();
                    assertThat(registration()).as("given up: not resumed").doesNotExist();
                });
        // out of reconnect attempts: the stream is over, as when a publisher stays away past the grace period
        verify(commandSide, timeout(10_000)).report(streamId, new MediaFact.Ended(session));
    }

    @Test
    void anUnreachableSourceIs422OnSourceUrlAndLeavesNothingRunning() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        expectUnreachable(startRelay("http://127.0.0.1:" + closedPort + "/radio.mp3"));
        expectUnreachable(startRelay(icecast.url("/no-such-mount.mp3")));
        expectUnreachable(startRelay(icecast.url("/status-json.xsl"))); // answers 200, but not audio
        assertNothingLeft();
    }

    @Test
    void malformedSourceUrlsAre400OnSourceUrl() throws Exception {
        for (String body : List.of(
                "{}",
                "{\"source_url\":\"ftp://example.com/radio\"}",
                "{\"source_url\":\"http://user:secret@example.com/radio\"}",
                "{\"source_url\":\"http://example.com/" + "a".repeat(2048) + "\"}")) {
            HttpResponse<String> response = http.send(
                    request("/api/v1/streams/" + streamId + "/relay")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).contains("\"field\":\"source_url\"");
        }
        assertNothingLeft();
    }

    @Test
    void aStreamThatEndedTakesNoRelayAndAViewerCannotStartOne() throws Exception {
        when(commandSide.status(streamId)).thenReturn(Optional.of(StreamStatus.ENDED));
        String mount = feed("Ended FM");

        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(409);
        HttpResponse<String> asViewer = http.send(
                HttpRequest.newBuilder(uri("/api/v1/streams/" + streamId + "/relay"))
                        .header("X-Creditcast-User", "someone")
                        .header("X-Creditcast-Roles", "viewer")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"source_url\":\"" + icecast.url(mount) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asViewer.statusCode()).isEqualTo(403);
        assertNothingLeft();
    }

    @Test
    void anotherCreatorCannotStartOrStopTheRelayOfThisStreamButAnAdminCan() throws Exception {
        String mount = feed("Owned FM");
        String body = JSON.writeValueAsString(Map.of("source_url", icecast.url(mount)));

        HttpResponse<String> otherCreator = http.send(
                as("other-creator", "creator", "/api/v1/streams/" + streamId + "/relay")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherCreator.statusCode()).isEqualTo(403);
        assertThat(otherCreator.body()).contains("not-stream-owner");
        assertNothingLeft();

        when(commandSide.creatorId(streamId)).thenReturn(Optional.empty()); // command side unreachable
        HttpResponse<String> unconfirmed = startRelay(icecast.url(mount));
        assertThat(unconfirmed.statusCode()).as("fails closed").isEqualTo(403);
        assertNothingLeft();

        HttpResponse<String> admin = http.send(
                as("some-admin", "admin", "/api/v1/streams/" + streamId + "/relay")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);

        when(commandSide.creatorId(streamId)).thenReturn(Optional.of("test-creator"));
        HttpResponse<String> stopByOther = http.send(
                as("other-creator", "creator", "/api/v1/streams/" + streamId + "/relay")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stopByOther.statusCode()).isEqualTo(403);
        assertThat(relays.runningCount()).as("still relaying").isOne();
    }

    @Test
    void aProtectedStreamsRelayPlaysOnlyWithAValidPlaybackToken() throws Exception {
        when(commandSide.accessPolicy(streamId)).thenReturn(Optional.of(AccessPolicy.METERED));
        String mount = feed("Paid FM");
        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(201);
        String token = tokens.sign(streamId, Duration.ofMinutes(5));

        for (String path : List.of("/master.m3u8", "/stream.mp3")) {
            HttpResponse<String> refused =
                    http.send(request("/relay/" + streamId + path).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).contains("playback-forbidden");
        }
        await("the master playlist").atMost(HLS_TIMEOUT).untilAsserted(() -> assertThat(
                        get("/relay/" + streamId + "/master.m3u8?token=" + token))
                .contains("audio/index.m3u8?token="));
        HttpResponse<InputStream> mp3 = http.send(
                request("/relay/" + streamId + "/stream.mp3?token=" + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = mp3.body()) {
            assertThat(mp3.statusCode()).isEqualTo(200);
            assertThat(body.readNBytes(1024)).hasSize(1024);
        }
    }

    @Test
    void aRelayOnAStreamLiveFromAnotherSessionIs409OnStreamIdAndNothingStarts() throws Exception {
        when(commandSide.status(streamId)).thenReturn(Optional.of(StreamStatus.LIVE));
        when(commandSide.ingestSessionId(streamId))
                .thenReturn(Optional.of(UUID.randomUUID().toString()));
        String mount = feed("Late FM");

        HttpResponse<String> refused = startRelay(icecast.url(mount));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        Map<?, ?> problem = JSON.readValue(refused.body(), Map.class);
        assertThat(problem.get("type")).isEqualTo("https://creditcast.io/problems/stream-already-live");
        assertThat(refused.body()).contains("\"field\":\"stream_id\"");
        assertNothingLeft();
        assertThat(registration()).as("nothing registered").doesNotExist();

        when(commandSide.status(streamId)).thenReturn(Optional.of(StreamStatus.PAUSED)); // a publisher in its grace
        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(409);
        when(commandSide.ingestSessionId(streamId)).thenReturn(Optional.empty()); // session unreadable: fail closed
        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(409);
        assertNothingLeft();
        verify(commandSide, org.mockito.Mockito.never())
                .report(org.mockito.ArgumentMatchers.eq(streamId), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void aSecondRelayForTheSameStreamIs409() throws Exception {
        String mount = feed("Twice FM");
        assertThat(startRelay(icecast.url(mount)).statusCode()).isEqualTo(201);

        HttpResponse<String> second = startRelay(icecast.url(mount));

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("relay-already-running");
    }

    private String feed(String stationName) throws IOException {
        String mount = "/relay-it-" + MOUNTS.incrementAndGet() + ".mp3";
        sources.add(icecast.feed(mount, stationName));
        return mount;
    }

    private HttpResponse<String> startRelay(String sourceUrl) throws IOException, InterruptedException {
        return http.send(
                request("/api/v1/streams/" + streamId + "/relay")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("source_url", sourceUrl))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void expectUnreachable(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        Map<?, ?> problem = JSON.readValue(response.body(), Map.class);
        assertThat(problem.get("type")).isEqualTo("https://creditcast.io/problems/relay-source-unreachable");
        assertThat(response.body()).contains("\"field\":\"source_url\"");
    }

    private void assertNothingLeft() {
        assertThat(relays.runningCount()).as("relays").isZero();
        assertThat(scheduler.runningCount()).as("FFmpeg processes").isZero();
        assertThat(relayDir().resolve(streamId)).doesNotExist();
    }

    private Map<String, Object> status() throws IOException, InterruptedException {
        return status(200);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request("/api/v1/streams/" + streamId + "/status").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return (Map<String, Object>) JSON.readValue(response.body(), Map.class);
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private byte[] readMp3(int bytes) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                request("/relay/" + streamId + "/stream.mp3").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            return body.readNBytes(bytes);
        }
    }

    private static boolean containsMp3Frame(byte[] data) {
        for (int i = 0; i + 1 < data.length; i++) {
            if ((data[i] & 0xff) == 0xff && (data[i + 1] & 0xe0) == 0xe0) {
                return true;
            }
        }
        return false;
    }

    private HttpRequest.Builder request(String path) {
        return as("test-creator", "creator", path);
    }

    private HttpRequest.Builder as(String user, String role, String path) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", role);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port") + path);
    }

    private Path registration() {
        return ROOT.resolve("relay-registrations").resolve(streamId + ".json");
    }

    private static Path relayDir() {
        return ROOT.resolve("relay");
    }
}
