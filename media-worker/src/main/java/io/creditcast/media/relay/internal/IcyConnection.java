package io.creditcast.media.relay.internal;

import io.creditcast.media.relay.RelaySource;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One listener connection to an Icecast/Shoutcast source, asking for in-band metadata ({@code Icy-MetaData: 1}).
 * Plain sockets to the address the guard checked (never a fresh DNS lookup), HTTP/1.0 (no chunked bodies),
 * no redirects followed; the answer's head is bounded ({@link #MAX_HEAD_BYTES}, {@link #MAX_HEADER_LINES}).
 * Accepts {@code HTTP/1.x 200} and Shoutcast v1's {@code ICY 200}, and only audio content types.
 */
public final class IcyConnection implements AutoCloseable {

    public static final int MAX_HEAD_BYTES = 16 * 1024;
    public static final int MAX_HEADER_LINES = 100;
    /** The largest {@code icy-metaint} accepted (Icecast uses 16 000, Shoutcast 8 192 or 32 768). */
    public static final int MAX_METAINT_BYTES = 1 << 20;

    public static final int MAX_NAME_CHARS = 200;

    /** Why a source could not be used; {@link #getMessage()} is safe to show to the caller. */
    public static final class SourceException extends IOException {
        public SourceException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream body;
    private final String contentType;
    private final int metaintBytes;
    private final OptionalInt declaredBitrateKbps;
    private final String name;

    private IcyConnection(
            Socket socket,
            InputStream body,
            String contentType,
            int metaintBytes,
            OptionalInt declaredBitrateKbps,
            String name) {
        this.socket = socket;
        this.body = body;
        this.contentType = contentType;
        this.metaintBytes = metaintBytes;
        this.declaredBitrateKbps = declaredBitrateKbps;
        this.name = name;
    }

    /**
     * Connects, sends the request and reads the answer's head: within {@code connectTimeout} for the connection
     * and {@code responseTimeout} for the head; afterwards the body's reads time out after {@code readTimeout}.
     */
    public static IcyConnection open(
            RelaySource source, Duration connectTimeout, Duration responseTimeout, Duration readTimeout)
            throws SourceException {
        Socket socket = new Socket();
        try {
            try {
                socket.connect(new InetSocketAddress(source.address(), source.port()), (int) connectTimeout.toMillis());
            } catch (SocketTimeoutException e) {
                throw new SourceException("the source did not accept a connection within " + connectTimeout);
            } catch (IOException e) {
                throw new SourceException("the source cannot be reached (" + e.getMessage() + ")");
            }
            socket.setSoTimeout((int) responseTimeout.toMillis());
            Socket channel = source.tls() ? tls(socket, source) : socket;
            OutputStream out = channel.getOutputStream();
            String hostHeader = source.host().contains(":") ? "[" + source.host() + "]" : source.host();
            if (source.port() != (source.tls() ? 443 : 80)) {
                hostHeader += ":" + source.port();
            }
            String request = "GET " + source.pathAndQuery() + " HTTP/1.0\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "User-Agent: Creditcast-Relay/1\r\n"
                    + "Accept: */*\r\n"
                    + "Icy-MetaData: 1\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(channel.getInputStream(), 16 * 1024);
            Map<String, String> headers = new HashMap<>();
            int status = readHead(in, headers);
            if (status != 200) {
                throw new SourceException("the source answered HTTP status " + status + " instead of 200");
            }
            String contentType = headers.getOrDefault("content-type", "")
                    .toLowerCase(Locale.ROOT)
                    .split(";", 2)[0]
                    .strip();
            if (!isAudio(contentType)) {
                throw new SourceException(
                        "the source is not an audio stream (Content-Type '" + truncate(contentType, 80) + "')");
            }
            int metaint = parseInt(headers.get("icy-metaint")).orElse(0);
            if (metaint < 0 || metaint > MAX_METAINT_BYTES) {
                throw new SourceException("the source's icy-metaint is out of range");
            }
            OptionalInt bitrate = parseInt(headers.getOrDefault("icy-br", "").split(",", 2)[0]);
            if (bitrate.isPresent() && (bitrate.getAsInt() < 1 || bitrate.getAsInt() > 10_000)) {
                bitrate = OptionalInt.empty();
            }
            channel.setSoTimeout((int) readTimeout.toMillis());
            return new IcyConnection(
                    channel,
                    in,
                    contentType,
                    metaint,
                    bitrate,
                    truncate(headers.getOrDefault("icy-name", ""), MAX_NAME_CHARS));
        } catch (SourceException e) {
            closeQuietly(socket);
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new SourceException("the source did not answer within " + responseTimeout);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw new SourceException("the source failed: " + e.getMessage());
        }
    }

    /** {@code audio/*} and Ogg. */
    static boolean isAudio(String contentType) {
        return contentType.startsWith("audio/") || contentType.equals("application/ogg");
    }

    private static Socket tls(Socket socket, RelaySource source) throws IOException {
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, source.host(), source.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!source.host().contains(":")
                && !Character.isDigit(source.host().charAt(source.host().length() - 1))) {
            parameters.setServerNames(java.util.List.of(new SNIHostName(source.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** Reads the status line and headers (lower-cased names); returns the status code. */
    static int readHead(InputStream in, Map<String, String> headers) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String statusLine = readLine(in, budget);
        if (statusLine == null) {
            throw new SourceException("the source closed the connection without answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !(parts[0].startsWith("HTTP/1.") || parts[0].equals("ICY"))) {
            throw new SourceException("the source does not speak HTTP or ICY");
        }
        int status =
                parseInt(parts[1]).orElseThrow(() -> new SourceException("the source sent a malformed status line"));
        for (int lines = 0; ; lines++) {
            if (lines > MAX_HEADER_LINES) {
                throw new SourceException("the source sent more than " + MAX_HEADER_LINES + " header lines");
            }
            String line = readLine(in, budget);
            if (line == null) {
                throw new SourceException("the source closed the connection inside its headers");
            }
            if (line.isEmpty()) {
                return status;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
        }
    }

    private static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (--budget[0] < 0) {
                throw new SourceException("the source's response head exceeds " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private static OptionalInt parseInt(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(s));
    }

    private static String truncate(String text, int maxChars) {
        String clean = text.replaceAll("\\p{Cntrl}", "");
        return clean.length() <= maxChars ? clean : clean.substring(0, maxChars);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** The body with the in-band metadata still interleaved (see {@link IcyMetadataStream}). */
    public InputStream body() {
        return body;
    }

    /** Lower-cased media type without parameters, e.g. {@code audio/mpeg}. */
    public String contentType() {
        return contentType;
    }

    /** Audio bytes between two metadata blocks; 0 when the source sends none. */
    public int metaintBytes() {
        return metaintBytes;
    }

    /** The {@code icy-br} header, when sent and sane. */
    public OptionalInt declaredBitrateKbps() {
        return declaredBitrateKbps;
    }

    /** The {@code icy-name} header (empty when absent). */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }
}
