package io.creditcast.query.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** GETs against a started query service as a dev-headers user: a 200's JSON body, or a checked problem. */
public final class QueryApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebTestClient http;

    public QueryApi(WebTestClient http) {
        this.http = http;
    }

    /** The body of a 200 answer to {@code uri} as {@code user} with {@code roles} (both may be null: anonymous). */
    public JsonNode get(String uri, String user, String roles) {
        byte[] body = http.get()
                .uri(uri)
                .headers(h -> as(h, user, roles))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts a problem+json answer with this status and type, naming {@code field} when it is not null. */
    public void problem(String uri, String user, String roles, int status, String type, String field) {
        byte[] body = http.get()
                .uri(uri)
                .headers(h -> as(h, user, roles))
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody();
        try {
            JsonNode p = JSON.readTree(body);
            assertThat(p.get("type").asText()).isEqualTo("https://creditcast.io/problems/" + type);
            if (field != null) {
                Set<String> fields = new HashSet<>();
                p.path("errors").forEach(e -> fields.add(e.get("field").asText()));
                assertThat(fields).as(uri).contains(field);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The dev-mode identity headers (left out when null). */
    public static void as(HttpHeaders h, String user, String roles) {
        if (user != null) {
            h.set("X-Creditcast-User", user);
        }
        if (roles != null) {
            h.set("X-Creditcast-Roles", roles);
        }
    }
}
