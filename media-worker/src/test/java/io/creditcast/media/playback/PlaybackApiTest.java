package io.creditcast.media.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.media.AbstractMediaWorkerTest;
import org.junit.jupiter.api.Test;

/** Playback and ingest surface of the running application: problem+json, metrics, OpenAPI. */
class PlaybackApiTest extends AbstractMediaWorkerTest {

    @Test
    void aStreamThatIsNotLiveIsAProblemNotAFile() {
        client.get()
                .uri("/live/not-live-stream/hls/master.m3u8")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/stream-not-playing");
        client.get()
                .uri("/vod/not-recorded/master.m3u8")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void pathsOutsideTheStreamAreRefused() {
        // refused before any file is touched: the security firewall rejects encoded slashes (400), the
        // playback handler anything else that leaves the stream's folder (404)
        client.get()
                .uri("/live/s1/..%2F..%2Fetc%2Fpasswd")
                .exchange()
                .expectStatus()
                .is4xxClientError()
                .expectBody(String.class)
                .value(body -> assertThat(body == null ? "" : body).doesNotContain("root:"));
        client.get()
                .uri("/live/s1/../../etc/passwd")
                .exchange()
                .expectStatus()
                .is4xxClientError()
                .expectBody(String.class)
                .value(body -> assertThat(body == null ? "" : body).doesNotContain("root:"));
    }

    @Test
    void prometheusExposesIngestAndRestartMetrics() {
        client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("creditcast_media_ingest_active")
                        .contains("creditcast_media_ingest_sessions")
                        .contains("creditcast_media_ffmpeg_restarts_total")
                        .contains("creditcast_media_facts_queued"));
    }

    @Test
    void theOpenApiDocumentDescribesPlayback() {
        client.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("/live/{streamId}/{path}", "/vod/{streamId}/{path}"));
    }
}
