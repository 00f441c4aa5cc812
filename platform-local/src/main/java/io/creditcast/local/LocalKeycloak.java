package io.creditcast.local;

import io.creditcast.testsupport.KeycloakServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Keycloak for the local run: the cached unpacked distribution (the slow one-time build happens on the first
 * run only), the Creditcast realm plus the dev overlay (demo users per role, the {@code creditcast-dev-cli}
 * password-grant client), data kept in {@code .data/keycloak}, issuer {@code http://localhost:<port>}.
 * Port: {@code -Dcreditcast.keycloak-port} (default 8180).
 */
public final class LocalKeycloak {
    public static final int DEFAULT_PORT = 8180;
    public static final String DEMO_PASSWORD = "Creditcast-demo-1";
    public static final String CLI_CLIENT = "creditcast-dev-cli";
    public static final List<String> DEMO_USERS =
            List.of("demo-viewer", "demo-creator", "demo-moderator", "demo-admin", "demo-auditor", "demo-unverified");

    private final KeycloakServer server;

    private LocalKeycloak(KeycloakServer server) {
        this.server = server;
    }

    public static LocalKeycloak start(Path dataDirectory) {
        int port = Integer.getInteger("creditcast.keycloak-port", DEFAULT_PORT);
        System.out.println("Starting Keycloak on port " + port
                + " (the first run creates its database: minutes on a busy machine; later runs 15-100 s)...");
        KeycloakServer server =
                KeycloakServer.start(new KeycloakServer.Options(dataDirectory.resolve("keycloak"), port, "localhost"));
        try {
            server.importDevOverlay();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return new LocalKeycloak(server);
    }

    /** Command-line properties that point a service at this Keycloak (JWT mode). */
    public List<String> serviceArguments() {
        return List.of("--creditcast.security.mode=jwt", "--creditcast.security.jwt.issuer-uri=" + server.issuer());
    }

    /** An access token for a demo user (password grant of the dev CLI client). */
    public String token(String demoUser) {
        return server.passwordGrant(KeycloakServer.REALM, CLI_CLIENT, demoUser, DEMO_PASSWORD)
                .accessToken();
    }

    /** The media worker's service client (realm {@code creditcast-media-worker}, role {@code service}). */
    public static final String MEDIA_WORKER_CLIENT = "creditcast-media-worker";

    /**
     * A client-credentials token of the media worker's service client (secret from {@code
     * CREDITCAST_MEDIA_WORKER_SECRET}, else the realm's dev default), with its lifetime in seconds.
     */
    public ServiceToken mediaWorkerToken() {
        String secret = System.getenv().getOrDefault("CREDITCAST_MEDIA_WORKER_SECRET", "dev-media-worker-secret");
        KeycloakServer.TokenResponse response =
                server.clientCredentials(KeycloakServer.REALM, MEDIA_WORKER_CLIENT, secret);
        return new ServiceToken(
                response.accessToken(), response.body().path("expires_in").asLong(60));
    }

    public record ServiceToken(String accessToken, long expiresInS) {}

    /** The {@code sub} of a token (wallets and earnings are keyed by it). */
    public static String subject(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        int at = payload.indexOf("\"sub\":\"") + 7;
        return payload.substring(at, payload.indexOf('"', at));
    }

    public void printAccounts() {
        String account = server.issuer() + "/account";
        System.out.println("  Keycloak         " + server.baseUrl() + "   (admin console: admin / admin)");
        System.out.println("  sign in / up     " + account);
        System.out.println("  demo accounts    " + String.join(", ", DEMO_USERS) + "   password " + DEMO_PASSWORD);
        System.out.println("  get a token:     curl -s " + server.tokenEndpoint(KeycloakServer.REALM)
                + " -d grant_type=password -d client_id=" + CLI_CLIENT
                + " -d username=demo-viewer -d password=" + DEMO_PASSWORD + " | jq -r .access_token");
    }

    public void stop() {
        server.close();
    }
}
