package io.creditcast.local;

import io.creditcast.command.CommandServiceApplication;
import io.creditcast.testsupport.SharedPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole platform locally on embedded defaults: PostgreSQL (data kept in {@code .data/postgres}
 * between runs), Keycloak, the command service, the query service (with Elasticsearch) and the media worker;
 * seeds a demo creator, stream and funded viewer; keeps the demo stream live from a generated test pattern
 * ({@link DemoPublisher}); prints the URLs. Stop with Ctrl-C.
 */
public final class LocalPlatform {
    /** Bound on each seeding call: the first commands after start are slow on a busy machine (10 s was too short). */
    static final Duration SEED_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private LocalPlatform() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        Path data = Path.of(System.getProperty("creditcast.data-dir", ".data")).toAbsolutePath();
        Files.createDirectories(data);
        EmbeddedPostgres postgres = SharedPostgres.start(data.resolve("postgres"));
        ensureDatabase(postgres, "creditcast");
        LocalKeycloak keycloak = LocalKeycloak.start(data);
        int port = Integer.getInteger("creditcast.command-port", 8080);
        // command-line arguments take precedence over application.yml; the user's own args come last
        String[] defaults = {
            "--server.port=" + port,
            "--spring.datasource.url=" + SharedPostgres.jdbcUrl(postgres, "creditcast"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=postgres",
            "--logging.structured.format.console=",
            // SANDBOX payments for the demo (ignored when a Stripe secret key is configured)
            "--creditcast.payments.sandbox.enabled=true"
        };
        String[] all = java.util.stream.Stream.of(
                        java.util.Arrays.stream(defaults),
                        keycloak.serviceArguments().stream(),
                        java.util.Arrays.stream(args))
                .flatMap(s -> s)
                .toArray(String[]::new);
        ConfigurableApplicationContext command = new SpringApplicationBuilder(CommandServiceApplication.class).run(all);
        int actualPort = ((WebServerApplicationContext) command).getWebServer().getPort();
        String base = "http://127.0.0.1:" + actualPort;
        DemoStream demo = seed(base, keycloak);
        String stream = demo.streamId();
        LocalQueryService query = LocalQueryService.start(
                data, SharedPostgres.jdbcUrl(postgres, "creditcast"), keycloak.serviceArguments());
        LocalMediaWorker media = LocalMediaWorker.start(data, base, keycloak, List.of());
        Files.createDirectories(data.resolve("media"));
        DemoPublisher publisher = DemoPublisher.start(
                media.ffmpeg(),
                media.rtmpUrl(),
                demo.streamKey(),
                data.resolve("media").resolve("demo-publisher.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            publisher.stop();
            media.stop();
            query.stop();
            command.close();
            keycloak.stop();
            try {
                postgres.close();
            } catch (Exception ignored) {
                // exiting
            }
        }));
        System.out.println();
        System.out.println(
                "Creditcast is running (embedded PostgreSQL on port " + postgres.getPort() + ", data in " + data + ")");
        System.out.println("  command API      " + base + "/api/v1");
        System.out.println("  OpenAPI          " + base + "/v3/api-docs   (UI: " + base + "/swagger-ui.html)");
        System.out.println("  health           " + base + "/actuator/health");
        System.out.println("  metrics          " + base + "/actuator/prometheus");
        System.out.println("  query API        " + query.baseUrl() + "/api/v1   (OpenAPI: " + query.baseUrl()
                + "/v3/api-docs; Elasticsearch " + query.elasticsearchUrl() + ")");
        System.out.println(
                "  media worker     " + media.baseUrl() + "   (OpenAPI: " + media.baseUrl() + "/v3/api-docs)");
        System.out.println("  RTMP ingest      " + media.rtmpUrl()
                + "   (OBS: Server = this URL, Stream Key = the key from POST /api/v1/streams or its key-rotations)");
        System.out.println("  SRT ingest       POST " + media.baseUrl()
                + "/api/v1/ingest/srt-armings {\"streamKey\":…} (creator token) → srt:// URL with passphrase");
        keycloak.printAccounts();
        System.out.println("  demo stream      " + stream + " (by demo-creator; demo-viewer has 1000 credits)");
        System.out.println("  demo playback    " + media.baseUrl() + "/live/" + stream
                + "/hls/master.m3u8   (live from a generated test pattern within ~10-20 s; play with ffplay or VLC)");
        System.out.println("  try:  TOKEN=<token of demo-viewer>; curl -s -XPOST " + base
                + "/api/v1/viewing-sessions -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'"
                + " -d '{\"stream_id\":\"" + stream + "\"}'");
        System.out.println("  buy credits      GET " + base + "/api/v1/prices, then POST /api/v1/payments/checkout"
                + " {\"price_id\":…,\"provider\":\"sandbox\"} and POST the returned checkout_url (SANDBOX: no money)");
        System.out.println("Press Ctrl-C to stop.");
    }

    private static void ensureDatabase(EmbeddedPostgres postgres, String name) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        }
    }

    /** Seeds the demo through the public API (idempotent: the same keys each run). */
    private static DemoStream seed(String base, LocalKeycloak keycloak) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String viewer = LocalKeycloak.subject(keycloak.token("demo-viewer"));
        post(
                http,
                base + "/api/v1/admin/wallets/" + viewer + "/adjustments",
                keycloak.token("demo-admin"),
                "seed-demo-viewer",
                "{\"amount_minor\":1000,\"reason\":\"demo credits for the local run\"}");
        post(
                http,
                base + "/api/v1/admin/prices",
                keycloak.token("demo-admin"),
                null,
                "{\"product_code\":\"demo-500\",\"credits\":500,\"amount_minor\":500,\"currency\":\"USD\",\"active\":true}");
        String creatorToken = keycloak.token("demo-creator");
        Path marker = Path.of(".data", "demo-stream-id.keycloak");
        String stream = Files.exists(marker) ? Files.readString(marker).trim() : null;
        if (stream != null && !canGoLive(http, base + "/api/v1/streams/" + stream, creatorToken)) {
            System.out.println("The demo stream " + stream + " has ended; creating a new one.");
            stream = null;
        }
        if (stream == null) {
            String body = post(
                    http,
                    base + "/api/v1/streams",
                    creatorToken,
                    null,
                    "{\"title\":\"Demo stream\",\"category\":\"music\"}");
            stream = field(body, "stream_id");
            Files.writeString(marker, stream);
        }
        // only the key's hash is stored, so each run issues a fresh key for the demo publisher
        String rotated = post(http, base + "/api/v1/streams/" + stream + "/key-rotations", creatorToken, null, "{}");
        return new DemoStream(stream, field(rotated, "stream_key"));
    }

    /** The demo stream and its current key. */
    record DemoStream(String streamId, String streamKey) {}

    /** False when the stream is over for good (ended or taken down) or unknown. */
    private static boolean canGoLive(HttpClient http, String url, String bearerToken) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(SEED_REQUEST_TIMEOUT)
                        .header("Authorization", "Bearer " + bearerToken)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    "reading the demo stream failed: " + url + " → " + response.statusCode() + " " + response.body());
        }
        String status = field(response.body(), "status");
        return !status.equals("ENDED") && !status.equals("TAKEN_DOWN");
    }

    /** A top-level string field of a small JSON answer (the seed needs no JSON library). */
    private static String field(String json, String name) {
        String quoted = "\"" + name + "\":\"";
        int at = json.indexOf(quoted);
        if (at < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        at += quoted.length();
        return json.substring(at, json.indexOf('"', at));
    }

    private static String post(HttpClient http, String url, String bearerToken, String key, String json)
            throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(SEED_REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    "seeding failed: " + url + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
