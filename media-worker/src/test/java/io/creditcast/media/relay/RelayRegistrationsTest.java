package io.creditcast.media.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.media.relay.RelayRegistrations.Registration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayRegistrationsTest {
    @TempDir
    Path root;

    final Instant at = Instant.parse("2026-12-03T23:00:00Z");

    Registration registration(String streamId) {
        return new Registration(streamId, "http://radio.example/" + streamId + ".mp3", "creator-1", at);
    }

    @Test
    void aSavedRegistrationIsReadBackAsWrittenAndGoneOnceRemoved() throws IOException {
        RelayRegistrations store = new RelayRegistrations(root.resolve("registrations"), 4);
        store.save(registration("stream-a"));
        store.save(new Registration("stream-a", "http://other.example/live.mp3", null, at)); // replaced whole

        RelayRegistrations afterRestart = new RelayRegistrations(root.resolve("registrations"), 4);
        assertThat(afterRestart.load())
                .containsExactly(new Registration("stream-a", "http://other.example/live.mp3", null, at));
        afterRestart.remove("stream-a");
        afterRestart.remove("stream-a"); // idempotent
        assertThat(store.load()).isEmpty();
    }

    @Test
    void aMissingDirectoryHasNoRegistrations() {
        assertThat(new RelayRegistrations(root.resolve("never-created"), 4).load())
                .isEmpty();
    }

    @Test
    void atTheRelayLimitAllAreReadBackOnePastItTheLastIsLeftOnDisk() throws IOException {
        RelayRegistrations store = new RelayRegistrations(root, 2);
        store.save(registration("stream-a"));
        store.save(registration("stream-b"));
        assertThat(store.load()).extracting(Registration::streamId).containsExactly("stream-a", "stream-b");

        store.save(registration("stream-c"));
        assertThat(store.load()).extracting(Registration::streamId).containsExactly("stream-a", "stream-b");
        assertThat(root.resolve("stream-c.json"))
                .as("not deleted, only not resumed")
                .exists();
    }

    @Test
    void filesThatAreNotRegistrationsAreDroppedAndAnUnfinishedWriteIsCleanedUp() throws IOException {
        RelayRegistrations store = new RelayRegistrations(root, 8);
        store.save(registration("stream-ok"));
        Files.writeString(root.resolve("stream-garbage.json"), "{not json");
        Files.writeString(
                root.resolve("stream-other.json"),
                Files.readString(root.resolve("stream-ok.json"))); // names stream-ok inside
        Files.write(root.resolve("stream-long.json"), new byte[RelayRegistrations.MAX_FILE_BYTES + 1]);
        Files.writeString(root.resolve(".stream-half.tmp"), "{\"streamId\":");
        Files.writeString(root.resolve("notes.txt"), "not ours");

        assertThat(store.load()).extracting(Registration::streamId).containsExactly("stream-ok");
        assertThat(root.resolve("stream-garbage.json")).doesNotExist();
        assertThat(root.resolve("stream-other.json")).doesNotExist();
        assertThat(root.resolve("stream-long.json")).doesNotExist();
        assertThat(root.resolve(".stream-half.tmp")).doesNotExist();
        assertThat(root.resolve("notes.txt"))
                .as("not a registration file name: left alone")
                .exists();
    }

    @Test
    void aFileExactlyAtTheSizeLimitIsStillRead() throws IOException {
        RelayRegistrations store = new RelayRegistrations(root, 8);
        String json = "{\"streamId\":\"stream-big\",\"sourceUrl\":\"http://radio.example/x.mp3\","
                + "\"registeredBy\":\"creator-1\",\"registeredAt\":\"2026-12-03T23:00:00Z\"}";
        String padded = json + " ".repeat(RelayRegistrations.MAX_FILE_BYTES - json.length());
        Files.writeString(root.resolve("stream-big.json"), padded);

        assertThat(store.load()).extracting(Registration::streamId).containsExactly("stream-big");
    }
}
