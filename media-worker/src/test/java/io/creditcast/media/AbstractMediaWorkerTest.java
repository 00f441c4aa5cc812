package io.creditcast.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * The whole application on a random port with the real FFmpeg. Uploads go to a temporary directory and the
 * upload limit is set to exactly the size of {@link #videoAtLimit()}, so tests can send a file exactly at the
 * limit and one byte over. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class AbstractMediaWorkerTest {

    /** Playback-token keys, as configured on the command service in its tests. */
    public static final String TOKEN_KID = "it-2026-12";

    public static final String TOKEN_SECRET = "command-it-token-key-2026-12-0123456789";
    public static final String OLD_TOKEN_KID = "it-2026-11";
    public static final String OLD_TOKEN_SECRET = "command-it-token-key-2026-11-0123456789";

    private static final Path ROOT;
    private static final Path VIDEO_AT_LIMIT;
    private static final Path AUDIO;

    static {
        try {
            ROOT = Files.createTempDirectory("media-worker-test-");
            VIDEO_AT_LIMIT = TestMedia.videoFile(ROOT.resolve("clip.mp4"), 2);
            AUDIO = TestMedia.audioFile(ROOT.resolve("tone.mp3"), 2);
            Files.createDirectories(storageDir());
            Runtime.getRuntime().addShutdownHook(new Thread(AbstractMediaWorkerTest::deleteRoot));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    private Environment environment;

    protected WebTestClient client;

    @DynamicPropertySource
    static void mediaWorkerProperties(DynamicPropertyRegistry registry) {
        registry.add("creditcast.media.upload.storage-dir", () -> storageDir().toString());
        registry.add("creditcast.media.upload.max-size", () -> uploadLimitBytes() + "B");
        registry.add("server.shutdown", () -> "immediate");
        // the same playback-token keys as the command service's tests (CommandServiceTest): one retired, one active
        registry.add("creditcast.tokens.keys[0].kid", () -> OLD_TOKEN_KID);
        registry.add("creditcast.tokens.keys[0].secret", () -> OLD_TOKEN_SECRET);
        registry.add("creditcast.tokens.keys[0].active", () -> "false");
        registry.add("creditcast.tokens.keys[1].kid", () -> TOKEN_KID);
        registry.add("creditcast.tokens.keys[1].secret", () -> TOKEN_SECRET);
        registry.add("creditcast.media.ingest.rtmp.port", () -> "0");
        registry.add("creditcast.media.ingest.rtmp.bind-address", () -> "127.0.0.1");
        registry.add(
                "creditcast.media.ingest.live-dir", () -> ROOT.resolve("live").toString());
        registry.add(
                "creditcast.media.relay.relay-dir", () -> ROOT.resolve("relay").toString());
        registry.add("creditcast.media.relay.registration-dir", () -> ROOT.resolve("relay-registrations")
                .toString());
    }

    /**
     * A client without connection pooling: the over-limit tests make the server close the connection
     * mid-request, and a pooled client could otherwise hand that dying connection to the next test.
     */
    @BeforeEach
    void freshConnectionsAndALongerResponseTimeout() {
        client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://localhost:" + environment.getRequiredProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                // a creator (security-support's dev-headers mode, set for every test context)
                .defaultHeader("X-Creditcast-User", "test-creator")
                .defaultHeader("X-Creditcast-Roles", "creator")
                .build();
    }

    protected static Path storageDir() {
        return ROOT.resolve("uploads");
    }

    /** A 2 s 320x180 H.264/AAC MP4 whose size is the configured upload limit. */
    protected static Path videoAtLimit() {
        return VIDEO_AT_LIMIT;
    }

    /** A 2 s MP3 tone, smaller than the limit. */
    protected static Path audio() {
        return AUDIO;
    }

    private static void deleteRoot() {
        try (Stream<Path> paths = Files.walk(ROOT)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the system temp dir is cleaned eventually
        }
    }

    protected static long uploadLimitBytes() {
        try {
            return Files.size(VIDEO_AT_LIMIT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
