package io.creditcast.command.web;

import io.creditcast.command.support.CommandServiceTest;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Found by the reliability harness's bad-input campaign: firewall rejections used to be a bare 400. */
@CommandServiceTest
class FirewallRejectionIT extends CommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    @LocalServerPort
    int port;

    @Test
    void a_path_with_an_encoded_nul_is_refused_with_problem_json() {
        refused("/api/v1/admin/payouts/%00/approve");
    }

    @Test
    void a_path_with_an_encoded_slash_is_refused_with_problem_json() {
        refused("/api/v1/admin/payouts/..%2F../approve");
    }

    private void refused(String rawPath) {
        client.post()
                .uri(URI.create("http://127.0.0.1:" + port + rawPath))
                .header("X-Creditcast-User", "admin-1")
                .header("X-Creditcast-Roles", "admin")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ProblemTypes.VALIDATION.type().toString())
                .jsonPath("$.status")
                .isEqualTo(400);
    }
}
