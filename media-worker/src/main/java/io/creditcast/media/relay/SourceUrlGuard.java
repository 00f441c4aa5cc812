package io.creditcast.media.relay;

import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import io.creditcast.media.problem.ProblemType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.http.HttpStatus;

/**
 * Checks a relay source URL before anything connects to it: {@code http} or {@code https} only, at most
 * {@code maxUrlChars}, a host, no user info; the host is resolved here and, unless private sources are allowed,
 * every address it resolves to must be a public unicast address (no loopback, private, link-local, carrier-grade
 * NAT, multicast or reserved ranges: an SSRF guard). The relay then connects to exactly the address checked here
 * (also when it reconnects), so a DNS answer that changes later cannot point it elsewhere.
 */
public final class SourceUrlGuard {

    public static final String FIELD = "source_url";
    public static final ProblemType SOURCE_REFUSED = ProblemType.of(
            "relay-source-refused", "This source URL may not be relayed", HttpStatus.UNPROCESSABLE_CONTENT);

    private final int maxUrlChars;
    private final boolean allowPrivate;
    private final Function<String, InetAddress[]> resolver;

    public SourceUrlGuard(int maxUrlChars, boolean allowPrivate, Function<String, InetAddress[]> resolver) {
        this.maxUrlChars = maxUrlChars;
        this.allowPrivate = allowPrivate;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The system resolver ({@link InetAddress#getAllByName}); an unknown host resolves to no address. */
    public static InetAddress[] systemResolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    /** The checked source, or a 400 (malformed) / 422 (refused, unresolvable) problem on {@code source_url}. */
    public RelaySource check(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("source_url is required");
        }
        if (raw.length() > maxUrlChars) {
            throw invalid("source_url is longer than " + maxUrlChars + " characters");
        }
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw invalid("source_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("source_url must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("source_url must not carry credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw invalid("source_url has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        InetAddress[] addresses = resolver.apply(host);
        if (addresses == null || addresses.length == 0) {
            throw refused("the host of source_url does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw refused("source_url resolves to a non-public address (" + address.getHostAddress()
                            + "): only public Internet sources can be relayed");
                }
            }
        }
        String pathAndQuery = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new RelaySource(uri, host, port, tls, addresses[0], pathAndQuery);
    }

    /** Whether {@code address} is a public unicast address (false for every special-purpose range). */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            return !(a0 == 0 // this network
                    || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
                    || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 2) // documentation
                    || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                    || (a0 == 198 && a1 == 51 && (b[2] & 0xff) == 100) // documentation
                    || (a0 == 203 && a1 == 0 && (b[2] & 0xff) == 113) // documentation
                    || a0 >= 240); // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return false; // documentation 2001:db8::/32
            }
            boolean nat64 = first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            boolean v4Compatible = true;
            for (int i = 0; i < 12; i++) {
                v4Compatible &= b[i] == 0;
            }
            if (nat64 || v4Compatible) {
                try {
                    // the embedded IPv4 address decides (64:ff9b::/96 and ::a.b.c.d)
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static ApiProblemException invalid(String message) {
        return new ApiProblemException(ProblemType.INVALID_REQUEST, message, List.of(new FieldProblem(FIELD, message)));
    }

    private static ApiProblemException refused(String message) {
        return new ApiProblemException(SOURCE_REFUSED, message, List.of(new FieldProblem(FIELD, message)));
    }
}
