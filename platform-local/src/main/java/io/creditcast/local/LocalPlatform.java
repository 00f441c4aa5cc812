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
        String stream = seed(base, keycloak);
        LocalQueryService query = LocalQueryService.start(
                data, SharedPostgres.jdbcUrl(postgres, "creditcast"), keycloak.serviceArguments());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        keycloak.printAccounts();
        System.out.println("  demo stream      " + stream + " (by demo-creator; demo-viewer has 1000 credits)");
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
    private static String seed(String base, LocalKeycloak keycloak) throws Exception {
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
        Path marker = Path.of(".data", "demo-stream-id.keycloak");
        if (Files.exists(marker)) {
            return Files.readString(marker).trim();
        }
        String body = post(
                http,
                base + "/api/v1/streams",
                keycloak.token("demo-creator"),
                null,
                "{\"title\":\"Demo stream\",\"category\":\"music\"}");
        int at = body.indexOf("\"stream_id\":\"") + 13;
        String stream = body.substring(at, body.indexOf('"', at));
        Files.writeString(marker, stream);
        return stream;
    }

    private static String post(HttpClient http, String url, String bearerToken, String key, String json)
            throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
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
