package io.creditcast.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection for the metering hot path: a blocking socket, a request written in
 * one go, a response read with {@code Content-Length}, chunked or close-delimited framing. Not thread-safe:
 * one worker owns one connection.
 *
 * <p>Why not {@code java.net.http.HttpClient} here: on 2 shared cores the JDK client spent about 80 µs of
 * CPU per request, time the command service under test then lacks; this connection needs a fraction of it.
 * The setup calls still go through the JDK client.
 */
final class HttpConnection implements AutoCloseable {

    static final int MAX_HEADER_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADER_LINES = 100;
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int BUFFER_BYTES = 16 * 1024;

    /** A response: status and body (decoded as UTF-8). */
    record Response(int status, String body) {}

    private final String host;
    private final int port;
    private final String hostHeader;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        if (!"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("the metering connection speaks plain http only, got " + baseUrl);
        }
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() == -1 ? 80 : baseUrl.getPort();
        this.hostHeader = baseUrl.getPort() == -1 ? host : host + ":" + port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Sends {@code POST path} with a JSON body and the given extra header lines ({@code "Name: value"}), and
     * reads the whole response. On any I/O failure the connection is closed (the next call reconnects) and
     * the exception is rethrown.
     */
    Response postJson(String path, String[] headerLines, String jsonBody) throws IOException {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ")
                .append(body.length)
                .append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        try {
            ensureOpen();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    boolean isOpen() {
        return socket != null;
    }

    @Override
    public void close() {
        Socket current = socket;
        socket = null;
        in = null;
        out = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (socket != null) {
            return;
        }
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setKeepAlive(true);
            fresh.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            fresh.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
        socket = fresh;
        in = new BufferedInputStream(fresh.getInputStream(), BUFFER_BYTES);
        out = new BufferedOutputStream(fresh.getOutputStream(), BUFFER_BYTES);
    }

    private Response readResponse() throws IOException {
        String statusLine = readLine();
        while (statusLine.isEmpty()) {
            statusLine = readLine();
        }
        int status = parseStatus(statusLine);
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (int lines = 0; ; lines++) {
            if (lines > MAX_HEADER_LINES) {
                throw new IOException("more than " + MAX_HEADER_LINES + " response header lines");
            }
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = parseLength(value);
                case "transfer-encoding" ->
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> {
                    String token = value.toLowerCase(Locale.ROOT);
                    if (token.contains("close")) {
                        closeAfter = true;
                    } else if (token.contains("keep-alive")) {
                        closeAfter = false;
                    }
                }
                default -> {
                    // not needed
                }
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readExactly(contentLength);
        } else {
            body = readToEnd();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readChunked() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line '" + sizeLine + "'");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY_BYTES) {
                throw new IOException("response body over " + MAX_BODY_BYTES + " bytes");
            }
            body.write(readExactly(size));
            if (!readLine().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > MAX_BODY_BYTES) {
            throw new IOException("response body of " + length + " bytes is over " + MAX_BODY_BYTES);
        }
        byte[] bytes = new byte[(int) length];
        int read = in.readNBytes(bytes, 0, bytes.length);
        if (read != bytes.length) {
            throw new EOFException("connection closed after " + read + " of " + length + " body bytes");
        }
        return bytes;
    }

    private byte[] readToEnd() throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("response body over " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    /** A line without its CRLF (or bare LF), ISO-8859-1. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE_BYTES) {
                throw new IOException("response line over " + MAX_HEADER_LINE_BYTES + " bytes");
            }
            line.append((char) b);
        }
    }

    static int parseStatus(String statusLine) throws IOException {
        // "HTTP/1.1 200 OK" (reason phrase optional)
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: '" + MeteringApi.abbreviate(statusLine) + "'");
        }
        try {
            int status = Integer.parseInt(statusLine.substring(9, 12));
            if (status < 100 || status > 599) {
                throw new IOException("status out of range in '" + statusLine + "'");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IOException("no status code in '" + statusLine + "'");
        }
    }

    private static long parseLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new IOException("negative Content-Length " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length '" + value + "'");
        }
    }
}
