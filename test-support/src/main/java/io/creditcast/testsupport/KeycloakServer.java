package io.creditcast.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} resolved by Maven, no Docker) run as a child process:
 * unpacked once into {@code ~/.cache/creditcast/keycloak/<version>} (the slow one-time build step then happens
 * once per machine), {@code kc.sh start-dev} on 127.0.0.1 with the H2 database in a caller-chosen directory,
 * the Creditcast realm imported, a JDK ≥ 21 even when the default {@code java} is 17.
 */
public final class KeycloakServer implements AutoCloseable {
    public static final String REALM = "creditcast";
    /** The bootstrap admin of the master realm; created on the first start of a data directory. */
    public static final String ADMIN_USER = "admin";

    public static final String ADMIN_PASSWORD = "admin";
    /**
     * A first start with schema creation took over 5 minutes on a 2-core machine at load 20; later starts
     * 15–100 s. Override with {@code -Dcreditcast.keycloak.start-timeout-s}.
     */
    public static final Duration START_TIMEOUT =
            Duration.ofSeconds(Long.getLong("creditcast.keycloak.start-timeout-s", 900));

    private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final String baseUrl;
    private final Path logFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(Process process, String baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
    }

    /**
     * @param dataDirectory where the H2 database lives (kept between starts: the realm is imported only once)
     * @param httpPort 0 for a random free port
     * @param hostname the public host name in issued tokens ({@code 127.0.0.1} or {@code localhost})
     */
    public record Options(Path dataDirectory, int httpPort, String hostname) {}

    public static KeycloakServer start(Options options) {
        try {
            Path home = unpackedDistribution();
            Path java = jdk21();
            int port = options.httpPort() == 0 ? freePort() : options.httpPort();
            String baseUrl = "http://" + options.hostname() + ":" + port;
            Files.createDirectories(options.dataDirectory());
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            writeIfChanged(importDir.resolve("creditcast-realm.json"), resource("keycloak/creditcast-realm.json"));
            Path logFile = options.dataDirectory().resolve("keycloak.log");
            List<String> argv = List.of(
                    home.resolve("bin/kc.sh").toString(),
                    "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--hostname=" + baseUrl,
                    "--import-realm",
                    // Keycloak 26's default brute-force protector also refuses a login while it believes another
                    // login of the same user is in progress (an in-memory mark per user and thread). Under load it
                    // refused the first login of freshly created users ("user_temporarily_disabled"); the
                    // non-blocking protector still counts failures and locks after the realm's failure factor.
                    "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true",
                    "--db-url=jdbc:h2:file:"
                            + options.dataDirectory().toAbsolutePath().resolve("keycloakdb")
                            + ";NON_KEYWORDS=VALUE");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            pb.environment().put("JAVA_HOME", java.toString());
            pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            long startedNs = System.nanoTime();
            log.info("starting Keycloak from {} on port {} (data {})", home, port, options.dataDirectory());
            KeycloakServer server = new KeycloakServer(pb.start(), baseUrl, logFile);
            server.awaitReady();
            log.info("Keycloak ready in {} s at {}", (System.nanoTime() - startedNs) / 1_000_000_000L, baseUrl);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak", e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The {@code iss} of tokens from a realm. */
    public String issuer(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    public String issuer() {
        return issuer(REALM);
    }

    public String tokenEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    public String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    // ----- tokens -----

    /** A token response or error: the HTTP status and the parsed JSON body. */
    public record TokenResponse(int status, JsonNode body) {
        public String accessToken() {
            if (status != 200) {
                throw new IllegalStateException("no token: " + status + " " + body);
            }
            return body.get("access_token").asText();
        }

        public String error() {
            return body.path("error").asText(null);
        }
    }

    /** Resource-owner password grant (only clients with direct grants enabled allow it). */
    public TokenResponse passwordGrant(String realm, String clientId, String username, String password) {
        return tokenRequest(
                realm,
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
    }

    public TokenResponse clientCredentials(String realm, String clientId, String secret) {
        return tokenRequest(
                realm, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    public TokenResponse tokenRequest(String realm, Map<String, String> form) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(tokenEndpoint(realm)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
        return new TokenResponse(r.statusCode(), parse(r.body()));
    }

    // ----- admin API (master realm bootstrap admin) -----

    public String adminToken() {
        return tokenRequest(
                        "master",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                ADMIN_USER,
                                "password",
                                ADMIN_PASSWORD))
                .accessToken();
    }

    /** Calls the admin REST API ({@code path} below {@code /admin/realms}); returns status and body. */
    public HttpResponse<String> admin(String method, String path, Object body) {
        try {
            String json = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
            var builder = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms" + path))
                    .header("Authorization", "Bearer " + adminToken())
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json));
            return send(builder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Partial import (users, clients…) of a resource from this jar, e.g. the dev overlay; existing ones skipped. */
    public void partialImport(String realm, String resourceName) {
        HttpResponse<String> r = admin(
                "POST", "/" + realm + "/partialImport", new String(resource(resourceName), StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "partial import of " + resourceName + " failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** The demo users and the direct-grant CLI client (local run and tests only). */
    public void importDevOverlay() {
        partialImport(REALM, "keycloak/creditcast-dev-overlay.json");
    }

    /**
     * Creates a user with a password and exactly these realm roles (the realm's default role, which gives
     * self-registered users {@code viewer}, is removed, as for staff accounts an admin creates); returns the
     * new user's id ({@code sub}), or throws with Keycloak's answer (e.g. a password-policy violation).
     */
    public String createUser(String username, String password, boolean emailVerified, List<String> roles) {
        Map<String, Object> user = Map.of(
                "username",
                username,
                "enabled",
                true,
                "email",
                username + "@creditcast.test",
                "emailVerified",
                emailVerified,
                "firstName",
                "Test",
                "lastName",
                "User",
                "credentials",
                List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> r = admin("POST", "/" + REALM + "/users", user);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create user failed: " + r.statusCode() + " " + r.body());
        }
        String location = r.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        JsonNode defaultRole = parse(admin("GET", "/" + REALM + "/roles/default-roles-" + REALM, null)
                .body());
        HttpResponse<String> removed =
                admin("DELETE", "/" + REALM + "/users/" + id + "/role-mappings/realm", List.of(defaultRole));
        if (removed.statusCode() != 204) {
            throw new IllegalStateException("removing the default role failed: " + removed.statusCode());
        }
        if (!roles.isEmpty()) {
            List<JsonNode> reps = new ArrayList<>();
            for (String role : roles) {
                reps.add(
                        parse(admin("GET", "/" + REALM + "/roles/" + role, null).body()));
            }
            HttpResponse<String> m = admin("POST", "/" + REALM + "/users/" + id + "/role-mappings/realm", reps);
            if (m.statusCode() != 204) {
                throw new IllegalStateException("role mapping failed: " + m.statusCode() + " " + m.body());
            }
        }
        return id;
    }

    /** Sets a user's password through the admin API (the realm's password policy applies); returns the status. */
    public HttpResponse<String> resetPassword(String userId, String password) {
        return admin(
                "PUT",
                "/" + REALM + "/users/" + userId + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", false));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // ----- internals -----

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI probe = URI.create(issuer() + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited with " + process.exitValue() + "; log tail:\n" + tail(logFile));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(probe)
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Keycloak not ready within " + START_TIMEOUT + "; log tail:\n" + tail(logFile));
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("raw", body);
        }
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The build writes the dist's local path (resolved by Maven) into creditcast-keycloak.properties. */
    static Path unpackedDistribution() throws IOException {
        Properties p = new Properties();
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/creditcast-keycloak.properties")) {
            if (in == null) {
                throw new IllegalStateException("creditcast-keycloak.properties missing from test-support");
            }
            p.load(in);
        }
        String version = p.getProperty("version");
        Path dist = Path.of(System.getProperty("creditcast.keycloak.dist", p.getProperty("dist")));
        if (!Files.isRegularFile(dist)) {
            throw new IllegalStateException("Keycloak distribution not found at " + dist
                    + "; build with Maven once online so it resolves org.keycloak:keycloak-quarkus-dist:" + version
                    + ":tar.gz");
        }
        Path cache = cacheRoot().resolve(version);
        Files.createDirectories(cache);
        Path home = cache.resolve("keycloak-" + version);
        try (FileChannel channel =
                        FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            if (!Files.exists(cache.resolve(".unpacked")) || !Files.isDirectory(home)) {
                deleteTree(home);
                log.info("unpacking {} into {} (once per machine)", dist, cache);
                Process tar = new ProcessBuilder("tar", "xzf", dist.toString(), "-C", cache.toString())
                        .redirectErrorStream(true)
                        .start();
                String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (tar.waitFor() != 0) {
                    throw new IllegalStateException("unpacking Keycloak failed: " + output);
                }
                Files.writeString(cache.resolve(".unpacked"), dist.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return home;
    }

    public static Path cacheRoot() {
        String configured = System.getProperty("creditcast.keycloak.cache-dir");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "creditcast", "keycloak");
    }

    /** This JVM's JDK when it is 21+, else the newest JDK ≥ 21 under /usr/lib/jvm; a clear error otherwise. */
    static Path jdk21() throws IOException {
        if (Runtime.version().feature() >= 21) {
            return Path.of(System.getProperty("java.home"));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                Optional<Path> best = dirs.filter(d -> Files.isExecutable(d.resolve("bin/java")))
                        .filter(d -> featureOf(d) >= 21)
                        .max(Comparator.comparingInt(KeycloakServer::featureOf));
                if (best.isPresent()) {
                    return best.get();
                }
            }
        }
        throw new IllegalStateException("Keycloak needs a JDK >= 21: none in this JVM or /usr/lib/jvm");
    }

    private static int featureOf(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(13).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static byte[] resource(String name) {
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeIfChanged(Path file, byte[] content) throws IOException {
        if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            Files.write(file, content);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
