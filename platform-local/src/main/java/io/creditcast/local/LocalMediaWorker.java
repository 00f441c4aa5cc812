package io.creditcast.local;

import io.creditcast.media.MediaWorkerApplication;
import io.creditcast.media.command.BearerTokenSupplier;
import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.creditcast.media.ingest.rtmp.RtmpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The local run's hook for the media worker: the worker in this process (RTMP on {@code -Dcreditcast.rtmp-port},
 * default 1935; HTTP on {@code -Dcreditcast.media-port}, default 8083; SRT UDP ports 9000-9015), talking to the
 * local command service with the media worker's Keycloak service client, media under {@code <data>/media}.
 *
 * <p>Two things differ from a worker started on its own. Its defaults file is named explicitly by its URL: the
 * command service's {@code application.yml} comes first on this shared classpath and would otherwise hide the
 * worker's (the worker's {@code application.yml} keeps its name so its own deployment is unchanged). And the
 * auto-configurations the other services bring onto the classpath (JDBC, Flyway, Axon) are excluded: the worker
 * has no database.
 */
public final class LocalMediaWorker {
    /** Jars whose auto-configurations belong to the other services of this process. */
    static final List<String> FOREIGN_AUTO_CONFIGURATION_JARS =
            List.of("spring-boot-jdbc-", "spring-boot-flyway-", "axon-spring-boot-autoconfigure-");

    private static final String AUTO_CONFIGURATION_IMPORTS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
    /** A token is renewed this long before it expires. */
    private static final Duration TOKEN_RENEWAL_MARGIN = Duration.ofSeconds(30);

    private final ConfigurableApplicationContext context;

    private LocalMediaWorker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static LocalMediaWorker start(
            Path dataDirectory, String commandBaseUrl, LocalKeycloak keycloak, List<String> extraArguments) {
        Path media = dataDirectory.resolve("media");
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.config.location=" + ownDefaults(),
                "--spring.autoconfigure.exclude=" + String.join(",", foreignAutoConfigurations()),
                "--server.port=" + Integer.getInteger("creditcast.media-port", 8083),
                "--creditcast.media.ingest.rtmp.port=" + Integer.getInteger("creditcast.rtmp-port", 1935),
                "--creditcast.media.ingest.live-dir=" + media.resolve("live"),
                "--creditcast.media.upload.storage-dir=" + media.resolve("uploads"),
                "--creditcast.media.relay.relay-dir=" + media.resolve("relay"),
                // a local run relays from sources on this machine or its network (an Icecast on loopback);
                // production keeps the SSRF guard on
                "--creditcast.media.relay.allow-private-sources=true",
                "--creditcast.media.command.base-url=" + commandBaseUrl,
                "--creditcast.media.command.auth=bearer",
                "--logging.structured.format.console="));
        arguments.addAll(keycloak.serviceArguments());
        arguments.addAll(extraArguments);
        BearerTokenSupplier tokens = cachedServiceToken(keycloak);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MediaWorkerApplication.class)
                .initializers(ctx -> ((GenericApplicationContext) ctx)
                        .registerBean("localServiceToken", BearerTokenSupplier.class, () -> tokens))
                .run(arguments.toArray(String[]::new));
        return new LocalMediaWorker(context);
    }

    public String baseUrl() {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** {@code rtmp://127.0.0.1:<port>/live}: OBS's server; the stream key goes in its own field. */
    public String rtmpUrl() {
        return "rtmp://127.0.0.1:" + context.getBean(RtmpServer.class).port() + "/live";
    }

    public FfmpegInstallation ffmpeg() {
        return context.getBean(FfmpegInstallation.class);
    }

    public void stop() {
        context.close();
    }

    /** The URL of the worker's own {@code application.yml} (inside its jar or classes folder). */
    static String ownDefaults() {
        URL codeSource = MediaWorkerApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        try {
            List<URL> candidates =
                    Collections.list(LocalMediaWorker.class.getClassLoader().getResources("application.yml"));
            return candidates.stream()
                    .map(URL::toString)
                    .filter(url -> url.startsWith(codeSource.toString()) || url.contains("media-worker"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "the media worker's application.yml is not on the classpath: " + candidates));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every auto-configuration listed by the {@link #FOREIGN_AUTO_CONFIGURATION_JARS}. */
    static List<String> foreignAutoConfigurations() {
        try {
            List<String> names = new ArrayList<>();
            for (URL imports : Collections.list(
                    LocalMediaWorker.class.getClassLoader().getResources(AUTO_CONFIGURATION_IMPORTS))) {
                String where = imports.toString();
                if (FOREIGN_AUTO_CONFIGURATION_JARS.stream().noneMatch(where::contains)) {
                    continue;
                }
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(imports.openStream(), StandardCharsets.UTF_8))) {
                    names.addAll(lines.lines()
                            .map(String::strip)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                            .collect(Collectors.toList()));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BearerTokenSupplier cachedServiceToken(LocalKeycloak keycloak) {
        return new BearerTokenSupplier() {
            private String token;
            private long renewAtNanos;

            @Override
            public synchronized String token() {
                if (token == null || System.nanoTime() - renewAtNanos >= 0) {
                    LocalKeycloak.ServiceToken fresh = keycloak.mediaWorkerToken();
                    token = fresh.accessToken();
                    long lifetimeS = Math.max(1, fresh.expiresInS() - TOKEN_RENEWAL_MARGIN.toSeconds());
                    renewAtNanos =
                            System.nanoTime() + Duration.ofSeconds(lifetimeS).toNanos();
                }
                return token;
            }
        };
    }
}
