package io.creditcast.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.CommandServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Found by the reliability harness's bad-input campaign: a 431 from the HTTP decoder had no body. */
@CommandServiceTest
class DecodingFailureProblemsIT extends CommandServiceTest.Base {
    @LocalServerPort
    int port;

    @Test
    void a_header_block_over_the_limit_gets_431_problem_json() throws IOException {
        String response = send("GET /api/v1/wallet HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Creditcast-User: ann\r\n"
                + "X-Filler: " + "x".repeat(20 * 1024) + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431");
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(response).contains("\"status\":431");
    }

    @Test
    void a_header_block_just_under_the_limit_is_read_normally() throws IOException {
        String response = send("GET /api/v1/wallet HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Filler: "
                + "x".repeat(8 * 1024) + "\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 401");
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
