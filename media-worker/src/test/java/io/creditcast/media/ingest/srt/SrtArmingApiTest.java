package io.creditcast.media.ingest.srt;

import io.creditcast.media.AbstractMediaWorkerTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The arming endpoint of the running application: who may call it and its problem+json answers. */
class SrtArmingApiTest extends AbstractMediaWorkerTest {

    @Test
    void aCreatorWithSomethingThatIsNotAStreamKeyIsRefusedWithTheFieldAtFault() {
        client.post()
                .uri("/api/v1/ingest/srt-armings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"streamKey\":\"not-a-key\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/ingest-refused")
                .jsonPath("$.errors[0].field")
                .isEqualTo("streamKey");
    }

    @Test
    void aMissingKeyAndAKeyPastTheLengthLimitAreBadRequestsAKeyAtTheLimitIsRead() {
        client.post()
                .uri("/api/v1/ingest/srt-armings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("streamKey");
        client.post() // at the limit: read, and refused as a key
                .uri("/api/v1/ingest/srt-armings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"streamKey\":\"" + "k".repeat(SrtController.MAX_KEY_CHARS) + "\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
        client.post() // one past it
                .uri("/api/v1/ingest/srt-armings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"streamKey\":\"" + "k".repeat(SrtController.MAX_KEY_CHARS + 1) + "\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aViewerMayNotArmSrt() {
        client.post()
                .uri("/api/v1/ingest/srt-armings")
                .header("X-Creditcast-Roles", "viewer")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"streamKey\":\"not-a-key\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .value(type -> org.assertj.core.api.Assertions.assertThat((String) type)
                        .isNotEqualTo("https://creditcast.io/problems/ingest-refused"));
    }
}
