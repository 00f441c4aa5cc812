package io.creditcast.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class MediaWorkerApplicationTest extends AbstractMediaWorkerTest {

    @Test
    void healthIsUpAndNamesTheFfmpegInUse() {
        client.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.ffmpeg.details.version")
                .value(String.class, version -> assertThat(version).startsWith("ffmpeg version"));
    }

    @Test
    void prometheusExposesTheTranscodeGauges() {
        client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> assertThat(text)
                        .contains("creditcast_media_transcode_running")
                        .contains("creditcast_media_transcode_queued"));
    }

    @Test
    void theOpenApiDocumentDescribesTheUploadApi() {
        client.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/uploads'].post")
                .exists()
                .jsonPath("$.paths['/api/v1/uploads/{id}'].get")
                .exists();
    }

    @Test
    void anUnknownRouteIsAProblemToo() {
        client.get()
                .uri("/api/v1/nothing-here")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/not-found")
                .jsonPath("$.errors")
                .isArray();
    }

    @Test
    void uploadsAreForSignedInCreatorsOnly() {
        String upload = "/api/v1/uploads/00000000-0000-0000-0000-000000000000";
        client.mutate()
                .defaultHeaders(h -> {
                    h.remove("X-Creditcast-User");
                    h.remove("X-Creditcast-Roles");
                })
                .build()
                .get()
                .uri(upload)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/unauthenticated");
        client.mutate()
                .defaultHeaders(h -> h.set("X-Creditcast-Roles", "viewer"))
                .build()
                .get()
                .uri(upload)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/forbidden");
    }
}
