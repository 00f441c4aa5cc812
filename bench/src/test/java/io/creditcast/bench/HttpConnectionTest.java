package io.creditcast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Response framing of the hot-path connection against a scripted socket server on a random port. */
class HttpConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String[] HEADERS = {"X-Creditcast-User: u-1", "X-Creditcast-Roles: viewer"};

    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void content_length_responses_reuse_one_connection() throws Exception {
        server = new ScriptedServer(List.of(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"replayed\":true}",
                "HTTP/1.1 402 Payment Required\r\ncontent-length: 2\r\n\r\n{}"));
        try (HttpConnection connection = connection()) {
            assertThat(connection.postJson("/api/v1/meter", HEADERS, "{\"a\":1}"))
                    .isEqualTo(new HttpConnection.Response(200, "{\"replayed\":true}"));
            assertThat(connection.postJson("/api/v1/meter", HEADERS, "{\"a\":2}"))
                    .isEqualTo(new HttpConnection.Response(402, "{}"));
        }
        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requestHeads.getFirst())
                .startsWith("POST /api/v1/meter HTTP/1.1")
                .contains("Content-Length: 7")
                .contains("X-Creditcast-User: u-1")
                .contains("X-Creditcast-Roles: viewer");
    }

    @Test
    void chunked_responses_are_reassembled() throws Exception {
        server = new ScriptedServer(List.of(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"rem\r\na;ext=1\r\naining\":1}\r\n0\r\n\r\n",
                "HTTP/1.1 204 No Content\r\n\r\n"));
        try (HttpConnection connection = connection()) {
            assertThat(connection.postJson("/m", HEADERS, "{}").body()).isEqualTo("{\"remaining\":1}");
            assertThat(connection.postJson("/m", HEADERS, "{}")).isEqualTo(new HttpConnection.Response(204, ""));
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void connection_close_makes_the_next_request_reconnect() throws Exception {
        server = new ScriptedServer(List.of(
                "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        try (HttpConnection connection = connection()) {
            assertThat(connection.postJson("/m", HEADERS, "{}").status()).isEqualTo(503);
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.postJson("/m", HEADERS, "{}").status()).isEqualTo(200);
        }
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void a_server_that_hangs_up_mid_response_is_a_transport_error_and_closes_the_connection() throws Exception {
        server = new ScriptedServer(List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"));
        try (HttpConnection connection = connection()) {
            assertThatThrownBy(() -> connection.postJson("/m", HEADERS, "{}")).isInstanceOf(IOException.class);
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void status_lines_are_checked() throws IOException {
        assertThat(HttpConnection.parseStatus("HTTP/1.1 201 Created")).isEqualTo(201);
        assertThat(HttpConnection.parseStatus("HTTP/1.0 200")).isEqualTo(200);
        assertThatThrownBy(() -> HttpConnection.parseStatus("SSH-2.0-OpenSSH")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HttpConnection.parseStatus("HTTP/1.1 2x0 OK")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HttpConnection.parseStatus("HTTP/1.1 999 Nope"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void https_is_refused_up_front() {
        assertThatThrownBy(() -> new HttpConnection(URI.create("https://127.0.0.1:1"), TIMEOUT, TIMEOUT))
                .hasMessageContaining("plain http");
    }

    private HttpConnection connection() {
        return new HttpConnection(URI.create("http://127.0.0.1:" + server.port()), TIMEOUT, TIMEOUT);
    }

    /** Answers each request (read up to its body) with the next scripted response; after the last, hangs up. */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requestHeads = new CopyOnWriteArrayList<>();

        ScriptedServer(List<String> responses) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(responses), "scripted-http");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve(List<String> responses) {
            int next = 0;
            try {
                while (next < responses.size()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet();
                        BufferedReader reader = new BufferedReader(
                                new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                        OutputStream out = client.getOutputStream();
                        while (next < responses.size()) {
                            String head = readHead(reader);
                            if (head == null) {
                                break;
                            }
                            requestHeads.add(head);
                            String response = responses.get(next++);
                            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                            if (response.contains("Connection: close")) {
                                break;
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // the test closed the server
            }
        }

        private static String readHead(BufferedReader reader) throws IOException {
            StringBuilder head = new StringBuilder();
            int contentLength = 0;
            String line;
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                head.append(line).append('\n');
                if (line.toLowerCase().startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (line == null) {
                return null;
            }
            reader.skip(contentLength);
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
