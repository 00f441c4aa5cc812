package io.creditcast.media.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.media.AbstractMediaWorkerTest;
import io.creditcast.token.SignedTokens;
import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Playback and ingest surface of the running application: problem+json, metrics, OpenAPI. */
class PlaybackApiTest extends AbstractMediaWorkerTest {

    @Autowired
    PlaybackTokens workerTokens;

    static PlaybackTokens issuer(String kid, String secret) {
        return new PlaybackTokens(new TokenKeyRing(List.of(SigningKey.of(kid, secret, true))), Clock.systemUTC());
    }

    @Test
    void theWorkerVerifiesTokensOfEveryConfiguredKeyAndRefusesAnUnknownKid() {
        assertThat(workerTokens.verify("s1", issuer(TOKEN_KID, TOKEN_SECRET).sign("s1", Duration.ofSeconds(60))))
                .isTrue();
        assertThat(workerTokens.verify(
                        "s1", issuer(OLD_TOKEN_KID, OLD_TOKEN_SECRET).sign("s1", Duration.ofSeconds(60))))
                .as("the retired key still verifies until it is removed")
                .isTrue();
        assertThat(workerTokens.verification(
                        "s1", issuer("unknown", TOKEN_SECRET).sign("s1", Duration.ofSeconds(60))))
                .isEqualTo(new SignedTokens.Verification.Refused(SignedTokens.Refusal.UNKNOWN_KID));
        assertThat(workerTokens.verify(
                        "s1",
                        new PlaybackTokens(TokenKeyRing.development(), Clock.systemUTC())
                                .sign("s1", Duration.ofSeconds(60))))
                .as("the development key is not configured here")
                .isFalse();
    }

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
