package io.creditcast.media.relay;

import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;

/**
 * A source URL that passed {@link SourceUrlGuard}.
 *
 * @param uri the URL as given
 * @param host the host name (sent as {@code Host}, used for TLS SNI and certificate checks)
 * @param port the TCP port
 * @param tls whether the URL is {@code https}
 * @param address the checked address every connection goes to
 * @param pathAndQuery the request target
 */
public record RelaySource(URI uri, String host, int port, boolean tls, InetAddress address, String pathAndQuery) {
    public RelaySource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }
}
