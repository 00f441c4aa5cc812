package io.creditcast.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch 8.19 (the minimal integ-test distribution Maven resolves, no Docker), started once
 * per JVM on random ports and stopped at JVM exit.
 *
 * <p>The zip comes from Maven: the build passes its resolved path as system property
 * {@value #ZIP_PROPERTY} (maven-dependency-plugin {@code properties}); without it the local Maven
 * repository is looked up. It is unpacked once into {@code ~/.cache/creditcast/elasticsearch-<version>}
 * of the user that runs the server. Elasticsearch refuses to run as root: as root the server runs as the
 * unprivileged user {@value #SERVER_USER} (created with {@code useradd} when missing), and the cache lives
 * in that user's home so the user can read it. Every instance gets its own config, data, logs and temp
 * directories; settings: single node, security off, loopback only, small heap, disk thresholds off.
 */
public final class SharedElasticsearch {
    private static final Logger log = LoggerFactory.getLogger(SharedElasticsearch.class);

    public static final String VERSION = "8.19.21";
    public static final String ZIP_PROPERTY = "creditcast.elasticsearch.zip";
    public static final String SERVER_USER = "creditcast-es";
    /** Heap of the server; 256–512 MB is enough for tests and the local run. */
    public static final String HEAP = "-Xms384m -Xmx384m";

    /**
     * Ready in 8-20 s on a quiet machine; over 3 minutes seen at a load average of 25 on 2 cores. Override with
     * {@code -Dcreditcast.elasticsearch.start-timeout-s}.
     */
    private static final Duration START_TIMEOUT =
            Duration.ofSeconds(Long.getLong("creditcast.elasticsearch.start-timeout-s", 120));

    private static volatile Server shared;

    /** A running server; {@link #close()} stops it. */
    public record Server(String url, int httpPort, Path instanceDirectory, long pid, boolean temporary)
            implements AutoCloseable {
        @Override
        public void close() {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
            if (temporary) {
                deleteQuietly(instanceDirectory);
            }
        }
    }

    private SharedElasticsearch() {}

    /** The base URL of the shared server ({@code http://127.0.0.1:<port>}); started on first use. */
    public static synchronized String url() {
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory("creditcast-es-"), true, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Server s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "elasticsearch-stop"));
        }
        return shared.url();
    }

    /**
     * Starts a server whose config, data and logs live in {@code instanceDirectory} (kept between runs
     * unless {@code temporary}); {@code httpPort} 0 picks a free port.
     */
    public static Server start(Path instanceDirectory, boolean temporary, int httpPort) {
        try {
            boolean root = isRoot();
            Path home = unpacked(root);
            Path dir = instanceDirectory.toAbsolutePath();
            Path config = dir.resolve("config");
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("tmp"));
            if (!Files.exists(config.resolve("elasticsearch.yml"))) {
                copyTree(home.resolve("config"), config);
            }
            if (root) {
                run(List.of("chown", "-R", SERVER_USER + ":", dir.toString()));
                // the user needs to reach a directory under /tmp or the project
                dir.toFile().setExecutable(true, false);
            }
            int port = httpPort == 0 ? freePort() : httpPort;
            int transport = freePort();
            Path pidFile = dir.resolve("elasticsearch.pid");
            Files.deleteIfExists(pidFile);
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
            }
            command.addAll(List.of(
                    home.resolve("bin/elasticsearch").toString(),
                    "-d",
                    "-p",
                    pidFile.toString(),
                    "-Ediscovery.type=single-node",
                    "-Expack.security.enabled=false",
                    "-Ehttp.host=127.0.0.1",
                    "-Ehttp.port=" + port,
                    "-Etransport.port=" + transport,
                    "-Epath.data=" + dir.resolve("data"),
                    "-Epath.logs=" + dir.resolve("logs"),
                    "-Ecluster.name=creditcast-" + port,
                    "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/launcher.out").toFile());
            Map<String, String> env = pb.environment();
            env.put("ES_JAVA_HOME", System.getProperty("java.home"));
            env.put("ES_PATH_CONF", config.toString());
            env.put("ES_TMPDIR", dir.resolve("tmp").toString());
            env.put("ES_JAVA_OPTS", HEAP);
            long started = System.nanoTime();
            Process launcher = pb.start();
            if (!launcher.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
                throw new IllegalStateException("Elasticsearch did not start; see " + dir.resolve("logs"));
            }
            if (launcher.exitValue() != 0 || !Files.exists(pidFile)) {
                throw new IllegalStateException("Elasticsearch failed to start (exit " + launcher.exitValue() + "): "
                        + tail(dir.resolve("logs/launcher.out")));
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String url = "http://127.0.0.1:" + port;
            Server server = new Server(url, port, dir, pid, temporary);
            awaitHealthy(url, server);
            log.info(
                    "Elasticsearch {} ready at {} in {} ms (pid {})",
                    VERSION,
                    url,
                    (System.nanoTime() - started) / 1_000_000,
                    pid);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Elasticsearch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Elasticsearch", e);
        }
    }

    /** Readiness: {@code GET /} answers 405 in this build, so the cluster health is polled instead. */
    private static void awaitHealthy(String url, Server server) throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("Elasticsearch at " + url + " did not become healthy in " + START_TIMEOUT);
    }

    /** The unpacked distribution, unpacked once per user cache (under a file lock). */
    static Path unpacked(boolean root) throws IOException, InterruptedException {
        Path cache;
        if (root) {
            ensureServerUser();
            cache = homeOf(SERVER_USER).resolve(".cache/creditcast");
        } else {
            cache = Path.of(System.getProperty("user.home"), ".cache", "creditcast");
        }
        Files.createDirectories(cache);
        Path home = cache.resolve("elasticsearch-" + VERSION);
        Path complete = home.resolve(".unpacked");
        if (Files.exists(complete)) {
            return home;
        }
        try (FileChannel channel = FileChannel.open(
                        cache.resolve("elasticsearch.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (Files.exists(complete)) {
                return home;
            }
            Path zip = zip();
            Path staging = Files.createTempDirectory(cache, "unpack-");
            unzip(zip, staging);
            Path top;
            try (Stream<Path> children = Files.list(staging)) {
                top = children.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            deleteQuietly(home);
            Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
            deleteQuietly(staging);
            Files.writeString(complete, VERSION);
            if (root) {
                run(List.of("chown", "-R", SERVER_USER + ":", cache.toString()));
            }
            log.info("unpacked Elasticsearch {} into {}", VERSION, home);
            return home;
        }
    }

    /** The distribution zip that Maven resolved. */
    static Path zip() {
        String configured = System.getProperty(ZIP_PROPERTY);
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured);
        }
        String repo = System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path local = Path.of(
                repo,
                "org/elasticsearch/distribution/integ-test-zip/elasticsearch",
                VERSION,
                "elasticsearch-" + VERSION + ".zip");
        if (Files.exists(local)) {
            return local;
        }
        throw new IllegalStateException("the Elasticsearch distribution is not resolved: build once online so Maven"
                + " fetches org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + VERSION + ":zip");
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                if (out.getParent().getFileName().toString().equals("bin")) {
                    out.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static void ensureServerUser() throws IOException, InterruptedException {
        if (exec(List.of("id", "-u", SERVER_USER)) != 0) {
            run(List.of("useradd", "--create-home", "--shell", "/usr/sbin/nologin", SERVER_USER));
        }
    }

    private static Path homeOf(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length >= 6 && f[0].equals(user)) {
                return Path.of(f[5]);
            }
        }
        throw new IllegalStateException("no home directory for user " + user);
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        int exit = exec(command);
        if (exit != 0) {
            throw new IllegalStateException(command + " failed with exit code " + exit);
        }
    }

    private static int exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no launcher output)";
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
