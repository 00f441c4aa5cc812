package io.creditcast.media.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadTest {

    private final Upload queued = Upload.queued(UploadId.random(), MediaKind.VIDEO, 1_000, 3_000_000, Instant.EPOCH);

    @Test
    void progressOnlyMovesForwardAndStaysBelow100UntilReady() {
        Upload halfway = queued.progressed(50);

        assertThat(halfway.status()).isEqualTo(UploadStatus.TRANSCODING);
        assertThat(halfway.progressPercent()).isEqualTo(50);
        assertThat(halfway.progressed(40).progressPercent()).as("a late report").isEqualTo(50);
        assertThat(halfway.progressed(100).progressPercent()).isEqualTo(99);
        assertThat(halfway.ready(List.of("hls/master.m3u8")).progressPercent()).isEqualTo(100);
    }

    @Test
    void finalStatesDoNotChangeOnLateReports() {
        Upload ready = queued.ready(List.of("hls/master.m3u8"));
        Upload failed = queued.failed(new Upload.Failure("InvalidInput", "bad"));

        assertThat(ready.progressed(10)).isEqualTo(ready);
        assertThat(ready.transcoding()).isEqualTo(ready);
        assertThat(failed.progressed(10)).isEqualTo(failed);
    }

    @Test
    void theRegistryForgetsTheOldestFinishedUploadWhenFull() {
        UploadRegistry registry = new UploadRegistry(10);
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Upload upload = Upload.queued(UploadId.random(), MediaKind.AUDIO, 1, 1, Instant.EPOCH);
            uploads.add(upload);
            registry.add(upload);
        }
        registry.update(uploads.get(3).id(), u -> u.ready(List.of()));

        registry.add(Upload.queued(UploadId.random(), MediaKind.AUDIO, 1, 1, Instant.EPOCH));

        assertThat(registry.size()).isEqualTo(10);
        assertThat(registry.find(uploads.get(3).id())).isEmpty();
        assertThat(registry.find(uploads.get(0).id()))
                .as("unfinished uploads are kept")
                .isPresent();
    }
}
