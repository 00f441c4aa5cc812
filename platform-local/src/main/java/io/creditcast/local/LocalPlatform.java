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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole platform locally on embedded defaults: PostgreSQL (data kept in {@code .data/postgres}
 * between runs) and the command service; seeds a demo creator, stream and funded viewer; prints the URLs.
 * Later issues add their services here. Stop with Ctrl-C.
 */
public final class LocalPlatform {
    private LocalPlatform() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        Path data = Path.of(System.getProperty("creditcast.data-dir", ".data")).toAbsolutePath();
        Files.createDirectories(data);
        EmbeddedPostgres postgres = SharedPostgres.start(data.resolve("postgres"));
        ensureDatabase(postgres, "creditcast");
        int port = Integer.getInteger("creditcast.command-port", 8080);
        // command-line arguments take precedence over application.yml; the user's own args come last
        String[] defaults = {
            "--server.port=" + port,
            "--spring.datasource.url=" + SharedPostgres.jdbcUrl(postgres, "creditcast"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=postgres",
            "--logging.structured.format.console="
        };
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(defaults), java.util.Arrays.stream(args))
                .toArray(String[]::new);
        ConfigurableApplicationContext command = new SpringApplicationBuilder(CommandServiceApplication.class).run(all);
        int actualPort = ((WebServerApplicationContext) command).getWebServer().getPort();
        String base = "http://127.0.0.1:" + actualPort;
        String stream = seed(base);
        LocalQueryService query = LocalQueryService.start(data, SharedPostgres.jdbcUrl(postgres, "creditcast"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            query.stop();
            command.close();
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
        System.out.println("  demo creator     X-Creditcast-User: demo-creator  X-Creditcast-Roles: creator  (stream "
                + stream + ")");
        System.out.println(
                "  demo viewer      X-Creditcast-User: demo-viewer   X-Creditcast-Roles: viewer   (1000 credits)");
        System.out.println(
                "  try:  curl -s -XPOST " + base + "/api/v1/viewing-sessions -H 'X-Creditcast-User: demo-viewer'"
                        + " -H 'X-Creditcast-Roles: viewer' -H 'Content-Type: application/json' -d '{\"stream_id\":\""
                        + stream + "\"}'");
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
    private static String seed(String base) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        post(
                http,
                base + "/api/v1/admin/wallets/demo-viewer/adjustments",
                "demo-admin",
                "admin",
                "seed-demo-viewer",
                "{\"amount_minor\":1000,\"reason\":\"demo credits for the local run\"}");
        Path marker = Path.of(".data", "demo-stream-id");
        if (Files.exists(marker)) {
            return Files.readString(marker).trim();
        }
        String body = post(
                http,
                base + "/api/v1/streams",
                "demo-creator",
                "creator",
                null,
                "{\"title\":\"Demo stream\",\"category\":\"music\"}");
        int at = body.indexOf("\"stream_id\":\"") + 13;
        String stream = body.substring(at, body.indexOf('"', at));
        Files.writeString(marker, stream);
        return stream;
    }

    private static String post(HttpClient http, String url, String user, String roles, String key, String json)
            throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", roles)
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
