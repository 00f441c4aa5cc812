package io.creditcast.reliability.campaign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One request over a fresh socket, bytes exactly as given: for what a well-behaved client refuses to send
 * (header values far past the server's limit, raw bytes), so the answer measured is the server's.
 */
final class RawHttp {
    static final int TIMEOUT_MS = 15_000;
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** How long to wait for an answer to the headers alone before sending the body. */
    static final int EARLY_ANSWER_WAIT_MS = 1_000;

    private RawHttp() {}

    static Api.Response send(URI baseUrl, String method, String path, Map<String, String> headers, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(baseUrl.getHost(), baseUrl.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            head.append("Host: ")
                    .append(baseUrl.getHost())
                    .append(':')
                    .append(baseUrl.getPort())
                    .append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            PushbackInputStream in = new PushbackInputStream(socket.getInputStream(), 1);
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // like a client sending "Expect: 100-continue": a server that refuses the request from its
                // headers (413 on Content-Length, 431) answers now; sending the body first would let its close
                // reset the connection before we read the answer
                if (!answerWithin(socket, in, EARLY_ANSWER_WAIT_MS)) {
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // the server answered and closed before reading all we sent: read its answer
            }
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1 && response.size() < MAX_RESPONSE_BYTES; ) {
                response.write(buffer, 0, n);
            }
            return parse(response.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return new Api.Response(Api.NO_ANSWER, e.toString(), "", null);
        }
    }

    /** Whether the server starts answering within the wait (the byte read is pushed back). */
    private static boolean answerWithin(Socket socket, PushbackInputStream in, int waitMs) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(waitMs);
        try {
            int b = in.read();
            if (b == -1) {
                return true;
            }
            in.unread(b);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    static Api.Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.") || raw.length() < 12 || end < 0) {
            return new Api.Response(Api.NO_ANSWER, "not an HTTP response: " + raw, "", null);
        }
        int status = Integer.parseInt(raw.substring(9, 12));
        String contentType = "";
        String retryAfter = null;
        for (String line : raw.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (name.equals("content-type")) {
                    contentType = line.substring(colon + 1).trim();
                } else if (name.equals("retry-after")) {
                    retryAfter = line.substring(colon + 1).trim();
                }
            }
        }
        return new Api.Response(status, raw.substring(end + 4), contentType, retryAfter);
    }
}
