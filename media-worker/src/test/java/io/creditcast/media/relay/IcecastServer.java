package io.creditcast.media.relay;

import io.creditcast.media.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A real Icecast 2 server (Debian's {@code icecast2}) on a random loopback port, started once per test JVM with
 * its own configuration in a temporary directory. Icecast refuses to run as root, so as root it runs as the
 * {@code icecast2} system user the package creates ({@code setpriv}). Sources are fed by the bundled FFmpeg.
 */
final class IcecastServer {
    static final String SOURCE_PASSWORD = "relay-test-source";
    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "relay-test-admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;
    private static IcecastServer shared;

    private final Path dir;
    private final int port;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private IcecastServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** The JVM's Icecast, started on first use and stopped when the JVM exits. */
    static synchronized IcecastServer shared() {
        if (shared == null) {
            shared = start();
            IcecastServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return shared;
    }

    int port() {
        return port;
    }

    String url(String mount) {
        return "http://127.0.0.1:" + port + mount;
    }

    /**
     * Feeds {@code mount} with a realtime 440 Hz tone as 128 kb/s MP3 (FFmpeg's icecast output) and waits until
     * Icecast lists the mount. The caller destroys the process to take the source away.
     */
    Process feed(String mount, String stationName) throws IOException {
        List<String> args = List.of(
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=44100",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k",
                "-f",
                "mp3",
                "-content_type",
                "audio/mpeg",
                "-ice_name",
                stationName,
                "icecast://source:" + SOURCE_PASSWORD + "@127.0.0.1:" + port + mount);
        Process source = TestMedia.ffmpeg()
                .ffmpegProcess(args)
                .redirectErrorStream(true)
                .redirectOutput(
                        dir.resolve("source" + mount.replace('/', '-') + ".log").toFile())
                .start();
        try {
            Awaitility.await("Icecast lists " + mount)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the source process exited", () -> !source.isAlive())
                    .until(() -> mountUp(mount));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            source.destroyForcibly();
            throw new IOException("the test source for " + mount + " did not come up: "
                    + Files.readString(dir.resolve("source" + mount.replace('/', '-') + ".log")));
        }
        return source;
    }

    /** Whether Icecast currently has a source on {@code mount}. */
    boolean mountUp(String mount) {
        try {
            HttpResponse<String> status = http.send(
                    HttpRequest.newBuilder(URI.create(url("/status-json.xsl")))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return status.statusCode() == 200 && status.body().contains("\"listenurl\":\"" + url(mount) + "\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sets the now-playing title through Icecast's admin metadata URL (what a playout system does). */
    void setTitle(String mount, String title) throws IOException, InterruptedException {
        String query = "mount=" + URLEncoder.encode(mount, StandardCharsets.UTF_8) + "&mode=updinfo&song="
                + URLEncoder.encode(title, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url("/admin/metadata?" + query)))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD)
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("<return>1</return>")) {
            throw new IOException(
                    "Icecast refused the metadata update: " + response.statusCode() + " " + response.body());
        }
    }

    private static IcecastServer start() {
        Path program = Path.of("/usr/bin/icecast2");
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException("the relay tests need a real Icecast: apt-get install icecast2");
        }
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(program);
            } catch (IOException e) {
                last = e; // most likely the free port was taken between probing and binding: try another
            }
        }
        throw new UncheckedIOException("Icecast did not start", last);
    }

    private static IcecastServer startOnce(Path program) throws IOException {
        Path dir = Files.createTempDirectory("icecast-test-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logDir = Files.createDirectories(dir.resolve("log"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(logDir, users.lookupPrincipalByName("icecast2"));
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path config = dir.resolve("icecast.xml");
        Files.writeString(
                config,
                """
                <icecast>
                  <location>test</location>
                  <admin>test@localhost</admin>
                  <limits>
                    <clients>50</clients><sources>8</sources><queue-size>524288</queue-size>
                    <client-timeout>30</client-timeout><header-timeout>15</header-timeout>
                    <source-timeout>5</source-timeout><burst-on-connect>1</burst-on-connect>
                    <burst-size>65535</burst-size>
                  </limits>
                  <authentication>
                    <source-password>%s</source-password>
                    <admin-user>%s</admin-user>
                    <admin-password>%s</admin-password>
                  </authentication>
                  <hostname>127.0.0.1</hostname>
                  <listen-socket><port>%d</port><bind-address>127.0.0.1</bind-address></listen-socket>
                  <paths>
                    <basedir>/usr/share/icecast2</basedir>
                    <logdir>%s</logdir>
                    <webroot>/usr/share/icecast2/web</webroot>
                    <adminroot>/usr/share/icecast2/admin</adminroot>
                  </paths>
                  <logging><errorlog>-</errorlog><accesslog>access.log</accesslog><loglevel>2</loglevel></logging>
                  <security><chroot>0</chroot></security>
                </icecast>
                """
                        .formatted(SOURCE_PASSWORD, ADMIN_USER, ADMIN_PASSWORD, port, logDir));
        List<String> command = new ArrayList<>();
        if (root) {
            // Icecast refuses root; setpriv execs it as the package's system user (no extra process in between)
            command.addAll(List.of("setpriv", "--reuid=icecast2", "--regid=icecast", "--init-groups"));
        }
        command.addAll(List.of(program.toString(), "-c", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("icecast.log").toFile())
                .start();
        IcecastServer server = new IcecastServer(dir, port, process);
        try {
            Awaitility.await("Icecast answers on port " + port)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("Icecast exited", () -> !process.isAlive())
                    .until(server::answers);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String log = Files.readString(dir.resolve("icecast.log"));
            server.stop();
            throw new IOException("Icecast did not come up on port " + port + ": " + log);
        }
        return server;
    }

    private boolean answers() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url("/status-json.xsl")))
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the system temp folder is cleaned eventually
        }
    }
}
