package io.creditcast.media.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.AbstractMediaWorkerTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

class UploadApiTest extends AbstractMediaWorkerTest {

    private static final String PROBLEMS = "https://creditcast.io/problems/";
    private static final MediaType VIDEO_MP4 = MediaType.parseMediaType("video/mp4");
    private static final Duration TRANSCODE_BOUND = Duration.ofSeconds(60);

    @Test
    void aVideoExactlyAtTheLimitIsAcceptedTranscodedToHlsAndReportsItsDuration() {
        Map<String, Object> accepted = client.post()
                .uri("/api/v1/uploads")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(multipart(new FileSystemResource(videoAtLimit()))))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueMatches("Location", "/api/v1/uploads/[0-9a-f-]{36}")
                .expectBody(JSON_MAP)
                .returnResult()
                .getResponseBody();

        assertThat(accepted).containsEntry("kind", "video").containsEntry("sizeBytes", (int) uploadLimitBytes());
        assertThat(accepted.get("status")).isIn("queued", "transcoding");
        assertThat(((Number) accepted.get("durationMs")).longValue()).isBetween(1_900L, 2_100L);

        String id = (String) accepted.get("id");
        Map<String, Object> ready = awaitFinal(id);

        assertThat(ready).containsEntry("status", "ready").containsEntry("progressPercent", 100);
        assertThat(ready.get("outputs")).asList().containsExactly("hls/master.m3u8");
        Path hls = storageDir().resolve(id).resolve("hls");
        assertThat(hls.resolve("master.m3u8"))
                .content()
                .contains("360p/index.m3u8")
                .contains("audio/index.m3u8");
        assertThat(hls.resolve("360p/index.m3u8")).content().contains("#EXT-X-ENDLIST");
    }

    @Test
    void anAudioUploadBecomesAudioOnlyHlsAndAnMp3() throws IOException {
        Map<String, Object> accepted = client.post()
                .uri("/api/v1/uploads")
                .contentType(MediaType.parseMediaType("audio/mpeg"))
                .bodyValue(Files.readAllBytes(audio()))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JSON_MAP)
                .returnResult()
                .getResponseBody();

        assertThat(accepted).containsEntry("kind", "audio");
        Map<String, Object> ready = awaitFinal((String) accepted.get("id"));

        assertThat(ready).containsEntry("status", "ready");
        assertThat(ready.get("outputs")).asList().containsExactly("hls/master.m3u8", "audio.mp3");
        Path dir = storageDir().resolve((String) accepted.get("id"));
        assertThat(dir.resolve("audio.mp3")).isNotEmptyFile();
        assertThat(dir.resolve("hls/audio/index.m3u8")).content().contains("#EXT-X-ENDLIST");
    }

    @Test
    void aRawUploadDeclaringOneByteOverTheLimitIsRefusedWithoutWritingAnything() throws IOException {
        byte[] overLimit = Arrays.copyOf(Files.readAllBytes(videoAtLimit()), (int) uploadLimitBytes() + 1);

        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(VIDEO_MP4)
                        .bodyValue(overLimit)
                        .exchange(),
                413,
                "upload-too-large",
                "file"));
    }

    @Test
    void aChunkedRawUploadOneByteOverTheLimitIsCutOffAndItsPartialFileDeleted() throws IOException {
        byte[] overLimit = Arrays.copyOf(Files.readAllBytes(videoAtLimit()), (int) uploadLimitBytes() + 1);
        int chunkBytes = 4 * 1024;
        Flux<DataBuffer> chunked = Flux.fromStream(IntStream.range(0, (overLimit.length + chunkBytes - 1) / chunkBytes)
                .mapToObj(i -> DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(
                        overLimit, i * chunkBytes, Math.min(overLimit.length, (i + 1) * chunkBytes)))));

        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(VIDEO_MP4)
                        .body(chunked, DataBuffer.class)
                        .exchange(),
                413,
                "upload-too-large",
                "file"));
    }

    @Test
    void aMultipartUploadOneByteOverTheLimitIsCutOffAndItsPartialFileDeleted() throws IOException {
        byte[] overLimit = Arrays.copyOf(Files.readAllBytes(videoAtLimit()), (int) uploadLimitBytes() + 1);

        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(MediaType.MULTIPART_FORM_DATA)
                        .body(BodyInserters.fromMultipartData(multipart(named(overLimit, "clip.mp4"))))
                        .exchange(),
                413,
                "upload-too-large",
                "file"));
    }

    @Test
    void aFileThatIsNotMediaIsRefusedWith422AndRemoved() {
        byte[] text = "just some text pretending to be a video\n".repeat(100).getBytes();

        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(VIDEO_MP4)
                        .bodyValue(text)
                        .exchange(),
                422,
                "unsupported-media",
                "file"));
    }

    @Test
    void anEmptyUploadIsNotMedia() {
        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(VIDEO_MP4)
                        .bodyValue(new byte[0])
                        .exchange(),
                422,
                "unsupported-media",
                "file"));
    }

    @Test
    void aStillImageIsNotMediaEither() throws IOException {
        Path png = Files.write(
                storageDir().resolveSibling("pixel.png"),
                Base64.getDecoder()
                        .decode(
                                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));

        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .bodyValue(readAll(png))
                        .exchange(),
                422,
                "unsupported-media",
                "file"));
    }

    @Test
    void aMultipartRequestWithoutAFilePartIsRefused() {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("title", "no file here");

        assertLeavesNoFiles(() -> expectProblem(
                client.post()
                        .uri("/api/v1/uploads")
                        .contentType(MediaType.MULTIPART_FORM_DATA)
                        .body(BodyInserters.fromMultipartData(builder.build()))
                        .exchange(),
                400,
                "missing-file",
                "file"));
    }

    @Test
    void aContentTypeThatIsNotMediaIsRefusedWith415() {
        client.post()
                .uri("/api/v1/uploads")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + "unsupported-content-type")
                .jsonPath("$.status")
                .isEqualTo(415)
                .jsonPath("$.errors")
                .isArray();
    }

    @Test
    void anUnknownUploadIs404() {
        expectProblem(
                client.get()
                        .uri("/api/v1/uploads/00000000-0000-4000-8000-000000000000")
                        .exchange(),
                404,
                "upload-not-found",
                "id");
    }

    @Test
    void aMalformedUploadIdIs400() {
        expectProblem(client.get().uri("/api/v1/uploads/not-a-uuid").exchange(), 400, "invalid-request", "id");
    }

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_MAP =
            new ParameterizedTypeReference<>() {};

    private Map<String, Object> awaitFinal(String id) {
        return await().atMost(TRANSCODE_BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> client.get()
                                .uri("/api/v1/uploads/{id}", id)
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(JSON_MAP)
                                .returnResult()
                                .getResponseBody(),
                        upload -> Set.of("ready", "failed").contains(upload.get("status")));
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String typeSlug, String field) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEMS + typeSlug)
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .isNotEmpty()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
    }

    /** Runs the request and checks it left no upload directory behind. */
    private static void assertLeavesNoFiles(Runnable request) {
        Set<Path> before = uploadDirs();
        request.run();
        assertThat(uploadDirs()).as("upload directories after a refused upload").isEqualTo(before);
    }

    private static Set<Path> uploadDirs() {
        try (Stream<Path> dirs = Files.list(storageDir())) {
            return dirs.collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MultiValueMap<String, HttpEntity<?>> multipart(Resource file) {
        MultipartBodyBuilder builder = new MultipartBodyBuilder();
        builder.part("title", "a clip");
        builder.part("file", file).contentType(VIDEO_MP4);
        return builder.build();
    }

    private static ByteArrayResource named(byte[] bytes, String filename) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return filename;
            }
        };
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
