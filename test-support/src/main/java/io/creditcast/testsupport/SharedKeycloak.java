package io.creditcast.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One real Keycloak per test JVM (random port, 127.0.0.1), stopped at JVM exit, with the Creditcast realm and
 * the dev overlay (demo users, direct-grant CLI client). The H2 database is kept per realm version under
 * {@code ~/.cache/creditcast/keycloak/test-data/<hash of the realm and overlay files>}, so only the first run after a
 * realm change pays for schema creation and import; a concurrent test JVM gets a fresh temporary directory
 * instead. Tests create their own users with unique names, so leftovers never matter.
 */
public final class SharedKeycloak {
    private static volatile KeycloakServer server;
    private static FileLock dataLock;

    private SharedKeycloak() {}

    public static synchronized KeycloakServer server() {
        return server(0);
    }

    /**
     * The shared server on {@code httpPort} (0: a random free port), for a launcher that must hand the issuer
     * URL to services before Keycloak is ready; the port of an already started server wins.
     */
    public static synchronized KeycloakServer server(int httpPort) {
        if (server == null) {
            Path data = dataDirectory();
            KeycloakServer started = KeycloakServer.start(new KeycloakServer.Options(data, httpPort, "127.0.0.1"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "keycloak-stop"));
            started.importDevOverlay();
            server = started;
        }
        return server;
    }

    private static Path dataDirectory() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(KeycloakServer.resource("keycloak/creditcast-realm.json"));
            sha.update(KeycloakServer.resource("keycloak/creditcast-dev-overlay.json"));
            String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            Path dir = Files.createDirectories(
                    KeycloakServer.cacheRoot().resolve("test-data").resolve(hash));
            FileChannel channel =
                    FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dataLock = channel.tryLock();
            if (dataLock != null) {
                return dir;
            }
            channel.close();
            return Files.createTempDirectory("creditcast-keycloak-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
