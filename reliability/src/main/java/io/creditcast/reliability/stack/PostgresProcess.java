package io.creditcast.reliability.stack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL as a separate OS process this harness owns: the zonky binaries unpacked once, {@code initdb}
 * once, then {@code postgres} started directly (no {@code pg_ctl}), so {@link #kill()} is a real SIGKILL of
 * the postmaster and {@link #start()} restarts crash recovery on the same data directory and port. As root
 * the programs run inside {@code unshare -U} (PostgreSQL refuses uid 0).
 */
public final class PostgresProcess implements AutoCloseable {
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    static final String USER = "postgres";

    private final Path binDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private Process process;

    private PostgresProcess(Path binDirectory, Path dataDirectory, Path logFile, int port) {
        this.binDirectory = binDirectory;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.port = port;
    }

    /** Unpacks the binaries under {@code workDirectory/pg}, creates a fresh cluster, picks a free port. */
    public static PostgresProcess create(Path workDirectory) {
        try {
            Path bin = unpackBinaries(workDirectory.resolve("pg"));
            Path data = workDirectory.resolve("pg-data");
            deleteRecursively(data);
            Files.createDirectories(workDirectory);
            Path log = workDirectory.resolve("postgres.log");
            run(
                    command(bin.resolve("initdb"), "-A", "trust", "-U", USER, "-E", "UTF-8", "-D", data.toString()),
                    workDirectory.resolve("initdb.log"));
            return new PostgresProcess(bin, data, log, freePort());
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare PostgreSQL", e);
        }
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("PostgreSQL is already running");
        }
        try {
            // the postmaster we SIGKILLed has been reaped; its lock file is stale
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            process = new ProcessBuilder(command(
                            binDirectory.resolve("postgres"),
                            "-D",
                            dataDirectory.toString(),
                            "-p",
                            Integer.toString(port),
                            "-h",
                            "127.0.0.1",
                            "-c",
                            "unix_socket_directories=" + dataDirectory,
                            "-c",
                            "fsync=on",
                            "-c",
                            "synchronous_commit=on",
                            "-c",
                            "max_connections=200",
                            "-c",
                            "shared_buffers=128MB"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL", e);
        }
    }

    /** SIGKILL of the postmaster; its backends notice and exit, crash recovery runs at the next start. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("PostgreSQL survived SIGKILL for " + STOP_TIMEOUT);
            }
            awaitBackendsGone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing PostgreSQL", e);
        }
        process = null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    public String user() {
        return USER;
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: smart shutdown
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

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with " + process.exitValue() + "; see " + logFile);
            }
            try (Connection c = connect()) {
                c.createStatement().execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        throw new IllegalStateException("PostgreSQL not ready after " + STARTUP_TIMEOUT + "; see " + logFile, last);
    }

    /**
     * Backends exit on their own once the postmaster is gone; a restart before that fails ("pre-existing shared
     * memory block is still in use"). Backends rename themselves ({@code postgres: user db …}), so their command
     * line does not name the data directory: they are found by their working directory, which is the data
     * directory. (Matching the command line only found the postmaster: the 100-cycle crash run of 2026-12-04
     * restarted PostgreSQL under its dying backends at cycle 86 and stopped.)
     */
    private void awaitBackendsGone() {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        List<Long> left = processesOfThisServer();
        while (!left.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "PostgreSQL processes " + left + " still running " + STOP_TIMEOUT + " after SIGKILL");
            }
            sleep(50);
            left = processesOfThisServer();
        }
    }

    private List<Long> processesOfThisServer() {
        String dataDir = dataDirectory.toString();
        Path realDataDir;
        try {
            realDataDir = dataDirectory.toRealPath();
        } catch (IOException e) {
            realDataDir = dataDirectory.toAbsolutePath();
        }
        Path inDataDir = realDataDir;
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p ->
                        p.info().commandLine().map(c -> c.contains(dataDir)).orElse(false)
                                        && p.info()
                                                .command()
                                                .map(c -> c.contains("postgres"))
                                                .orElse(false)
                                || workingDirectoryIs(p, inDataDir))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean workingDirectoryIs(ProcessHandle p, Path directory) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                    .equals(directory);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false; // gone, not ours, or not Linux
        }
    }

    private static List<String> command(Path program, String... args) {
        List<String> argv = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            argv.add("unshare");
            argv.add("-U");
        }
        argv.add(program.toString());
        argv.addAll(List.of(args));
        return argv;
    }

    private static void run(List<String> argv, Path log) throws IOException {
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(argv + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static Path unpackBinaries(Path target) throws IOException {
        Path marker = target.resolve(".unpacked");
        if (Files.exists(marker)) {
            return target.resolve("bin");
        }
        deleteRecursively(target);
        Files.createDirectories(target);
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    if ((entry.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        Files.createFile(marker);
        return target.resolve("bin");
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
