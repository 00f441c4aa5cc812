package io.creditcast.reliability.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spring Boot exec jar as a separate JVM this harness owns: {@link #kill()} is SIGKILL (no graceful
 * shutdown, in-flight requests get no answer), {@link #start()} starts it again on the same port and
 * database and waits for {@code /actuator/health} to say UP.
 */
public abstract class ServiceProcess implements AutoCloseable {
    /**
     * Bound on a start until health says UP. A restarted query service took 167 s on the shared 2-core
     * machine at load average 24 (JVM start, then its processors catching up compete with the start).
     */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(300);

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path jar;
    private final Path logFile;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final HttpClient health =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /**
     * @param arguments {@code --name=value} Spring arguments (database, security mode, limits of a campaign)
     */
    ServiceProcess(String name, Path jar, Path logFile, Map<String, String> environment, List<String> arguments) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "no " + name + " jar at " + jar + "; build it first: mvn -pl " + name + " -am package -DskipTests");
        }
        this.name = name;
        this.jar = jar;
        this.logFile = logFile;
        this.port = PostgresProcess.freePort();
        this.environment = Map.copyOf(environment);
        this.arguments = List.copyOf(arguments);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the " + name + " is already running");
        }
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-Xmx512m");
        argv.add("-XX:+UseSerialGC");
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-jar");
        argv.add(jar.toString());
        argv.add("--server.port=" + port);
        argv.add("--management.server.port=" + port);
        argv.add("--logging.structured.format.console=");
        argv.addAll(arguments);
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
        awaitHealthy();
    }

    /** SIGKILL: no shutdown hooks, no graceful drain. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Whether {@code /actuator/health} answers 200 with status UP right now. */
    public boolean healthy() {
        try {
            HttpResponse<String> response = health.send(
                    HttpRequest.newBuilder(baseUrl().resolve("/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the " + name + " exited with " + process.exitValue() + " during startup; see " + logFile);
            }
            if (healthy()) {
                return;
            }
            PostgresProcess.sleep(250);
        }
        throw new IllegalStateException("the " + name + " was not UP within " + STARTUP_TIMEOUT + "; see " + logFile);
    }
}
