package io.creditcast.media.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relays this worker was asked to run, kept on its disk so a restarted worker resumes them: one JSON file per
 * stream ({@code <streamId>.json}) in {@link RelayProperties#registrationDir()}, written to a temporary file, forced to
 * disk and renamed over the old one (a crash leaves the old file or the new one, never half of one). A registration
 * is written once the source answered and before the encoder starts, kept while the worker shuts down, and deleted
 * when the relay stops for good ({@code DELETE}, source or encoder gone for good, or a resume given up).
 */
final class RelayRegistrations {
    private static final Logger log = LoggerFactory.getLogger(RelayRegistrations.class);
    /** Largest registration file read back; a longer one is not a registration this worker wrote. */
    static final int MAX_FILE_BYTES = 16 * 1024;

    private static final String SUFFIX = ".json";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}\\.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One registered relay.
     *
     * @param registeredBy the caller who started it (a Keycloak subject), null when unknown
     */
    record Registration(String streamId, String sourceUrl, String registeredBy, Instant registeredAt) {
        Registration {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(sourceUrl, "sourceUrl");
            Objects.requireNonNull(registeredAt, "registeredAt");
        }
    }

    private final Path directory;
    private final int maxRegistrations;

    /** @param maxRegistrations at most this many files are read back (the relay limit: no more can be running) */
    RelayRegistrations(Path directory, int maxRegistrations) {
        this.directory = directory;
        this.maxRegistrations = maxRegistrations;
    }

    Path directory() {
        return directory;
    }

    /** Writes (or replaces) the registration of its stream, durably. */
    synchronized void save(Registration registration) throws IOException {
        Files.createDirectories(directory);
        Path target = file(registration.streamId());
        Path temp = directory.resolve("." + registration.streamId() + ".tmp");
        byte[] bytes = JSON.writeValueAsBytes(registration);
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the registration of {@code streamId}, if any. Never throws: a failure is logged. */
    synchronized void remove(String streamId) {
        try {
            Files.deleteIfExists(file(streamId));
        } catch (IOException e) {
            log.warn("could not delete the relay registration of stream {}: {}", streamId, e.toString());
        }
    }

    /**
     * The registrations on disk, in stream-id order, at most {@code maxRegistrations}. A file that is not a
     * registration (unreadable, too long, another stream's name) is logged and deleted; files past the limit are
     * logged and left alone.
     */
    synchronized List<Registration> load() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(entry); // a write that did not finish: its old file (if any) is intact
                } else if (FILE_NAME.matcher(name).matches()) {
                    files.add(entry);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot list the relay registrations in {}: {}", directory, e.toString());
            return List.of();
        }
        files.sort(null);
        List<Registration> registrations = new ArrayList<>();
        for (Path file : files) {
            if (registrations.size() == maxRegistrations) {
                log.warn(
                        "more than {} relay registrations in {}: {} and later ones are not resumed",
                        maxRegistrations,
                        directory,
                        file.getFileName());
                break;
            }
            read(file).ifPresent(registrations::add);
        }
        return List.copyOf(registrations);
    }

    private java.util.Optional<Registration> read(Path file) {
        String name = file.getFileName().toString();
        String streamId = name.substring(0, name.length() - SUFFIX.length());
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IOException("longer than " + MAX_FILE_BYTES + " bytes");
            }
            Registration registration =
                    JSON.readValue(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), Registration.class);
            if (!registration.streamId().equals(streamId)) {
                throw new IOException("it names stream " + registration.streamId());
            }
            return java.util.Optional.of(registration);
        } catch (IOException | JacksonException | IllegalArgumentException | NullPointerException e) {
            log.warn("dropping the unreadable relay registration {}: {}", file, e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException deleteFailed) {
                log.warn("could not delete {}: {}", file, deleteFailed.toString());
            }
            return java.util.Optional.empty();
        }
    }

    private Path file(String streamId) {
        return directory.resolve(streamId + SUFFIX);
    }
}
