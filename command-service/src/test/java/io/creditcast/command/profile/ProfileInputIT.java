package io.creditcast.command.profile;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Bad profile input is a 400 naming the field (found by the reliability harness's bad-input campaign). */
@CommandServiceTest
class ProfileInputIT extends CommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    private WebTestClient.ResponseSpec patch(String user, String json) {
        return client.patch()
                .uri("/api/v1/me/profile")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    @Test
    void aNulCharacterInTheBioIsRefusedNotAServerError() {
        patch(Api.unique("p"), "{\"bio\":\"a\\u0000b\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://creditcast.io/problems/validation")
                .jsonPath("$.errors[0].field")
                .isEqualTo("bio");
    }

    @Test
    void anUnpairedSurrogateAndControlCharactersInTheDisplayNameAreRefused() {
        patch(Api.unique("p"), "{\"display_name\":\"x\\ud800\"}").expectStatus().isBadRequest();
        patch(Api.unique("p"), "{\"display_name\":\"x\\u0007y\"}")
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aNumberOrABooleanWhereTextIsExpectedIsRefusedNotCoerced() {
        patch(Api.unique("p"), "{\"bio\":123}").expectStatus().isBadRequest();
        patch(Api.unique("p"), "{\"bio\":true}").expectStatus().isBadRequest();
    }

    @Test
    void lineBreaksInTheBioAndClearingItAreFine() {
        String user = Api.unique("p");
        patch(user, "{\"bio\":\"line one\\nline two\"}").expectStatus().isOk();
        patch(user, "{\"bio\":null}").expectStatus().isOk();
        patch(user, "{}").expectStatus().isOk();
    }

    @Test
    void aMalformedIdempotencyKeyIsRefusedEvenWhereNoKeyIsNeeded() {
        client.patch()
                .uri("/api/v1/me/profile")
                .header("X-Creditcast-User", Api.unique("p"))
                .header("X-Creditcast-Roles", "viewer")
                .header("Idempotency-Key", "k".repeat(256))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("Idempotency-Key");
        client.patch()
                .uri("/api/v1/me/profile")
                .header("X-Creditcast-User", Api.unique("p"))
                .header("X-Creditcast-Roles", "viewer")
                .header("Idempotency-Key", "k".repeat(255))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isOk();
    }
}
