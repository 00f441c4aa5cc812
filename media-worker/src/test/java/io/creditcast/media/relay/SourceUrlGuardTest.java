package io.creditcast.media.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.problem.FieldProblem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceUrlGuardTest {
    static final int MAX_CHARS = 64;

    /** A resolver that knows a few names and nothing else (no network in unit tests). */
    static InetAddress[] resolve(String host) {
        Map<String, String> names = Map.of(
                "radio.example", "93.184.216.34",
                "localhost", "127.0.0.1",
                "rebind.example", "10.1.2.3",
                "mixed.example", "93.184.216.34");
        try {
            if (host.equals("mixed.example")) {
                return new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("192.168.1.10")
                };
            }
            String ip = names.get(host);
            if (ip != null) {
                return new InetAddress[] {InetAddress.getByName(ip)};
            }
            if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)}; // a literal: parsed, not looked up
            }
            return new InetAddress[0];
        } catch (UnknownHostException e) {
            return new InetAddress[0];
        }
    }

    final SourceUrlGuard production = new SourceUrlGuard(MAX_CHARS, false, SourceUrlGuardTest::resolve);
    final SourceUrlGuard local = new SourceUrlGuard(MAX_CHARS, true, SourceUrlGuardTest::resolve);

    @Test
    void aPublicHttpSourceIsAcceptedAndPinnedToItsCheckedAddress() {
        RelaySource source = production.check("http://radio.example:8000/live.mp3?x=1");

        assertThat(source.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(source.port()).isEqualTo(8000);
        assertThat(source.tls()).isFalse();
        assertThat(source.pathAndQuery()).isEqualTo("/live.mp3?x=1");
        assertThat(production.check("https://radio.example").port()).isEqualTo(443);
        assertThat(production.check("https://radio.example").pathAndQuery()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8000/live",
                "http://127.0.0.1/live",
                "http://127.8.9.10/live",
                "http://10.0.0.1/live",
                "http://172.16.5.4/live",
                "http://192.168.1.1/live",
                "http://169.254.169.254/latest/meta-data",
                "http://100.64.0.1/live",
                "http://0.0.0.0/live",
                "http://224.0.0.1/live",
                "http://255.255.255.255/live",
                "http://[::1]/live",
                "http://[fd00::1]/live",
                "http://[fe80::1]/live",
                "http://[::ffff:127.0.0.1]/live",
                "http://[64:ff9b::a00:1]/live",
                "http://rebind.example/live",
                "http://mixed.example/live"
            })
    void nonPublicAddressesAreRefusedInProductionMode(String url) {
        assertThatThrownBy(() -> production.check(url)).isInstanceOfSatisfying(ApiProblemException.class, e -> {
            assertThat(e.problemType()).isEqualTo(SourceUrlGuard.SOURCE_REFUSED);
            assertThat(e.problemType().status().value()).isEqualTo(422);
            assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("source_url");
        });
    }

    @Test
    void privateSourcesAreAcceptedOnlyWhenAllowed() {
        assertThat(local.check("http://127.0.0.1:8000/live").address().isLoopbackAddress())
                .isTrue();
        assertThat(local.check("http://[::1]:8000/live").host()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "ftp://radio.example/live",
                "file:///etc/passwd",
                "gopher://radio.example/",
                "radio.example/live",
                "http:///live",
                "http://user:pw@radio.example/live",
                "http://radio.example/li ve"
            })
    void malformedUrlsAre400OnSourceUrl(String url) {
        assertThatThrownBy(() -> production.check(url)).isInstanceOfSatisfying(ApiProblemException.class, e -> {
            assertThat(e.problemType().status().value()).isEqualTo(400);
            assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("source_url");
        });
    }

    @Test
    void aMissingUrlIs400() {
        assertThatThrownBy(() -> production.check(null))
                .isInstanceOfSatisfying(
                        ApiProblemException.class,
                        e -> assertThat(e.problemType().status().value()).isEqualTo(400));
    }

    @Test
    void aUrlExactlyAtTheLengthLimitIsAcceptedAndOneCharacterMoreIsRefused() {
        String base = "http://radio.example/";
        String atLimit = base + "a".repeat(MAX_CHARS - base.length());
        assertThat(atLimit).hasSize(MAX_CHARS);

        assertThat(production.check(atLimit).uri().toString()).isEqualTo(atLimit);
        assertThatThrownBy(() -> production.check(atLimit + "a"))
                .isInstanceOfSatisfying(
                        ApiProblemException.class,
                        e -> assertThat(e.problemType().status().value()).isEqualTo(400));
    }

    @Test
    void aHostThatDoesNotResolveIs422() {
        assertThatThrownBy(() -> production.check("http://nowhere.invalid/live"))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.problemType())
                        .isEqualTo(SourceUrlGuard.SOURCE_REFUSED));
    }

    @Test
    void publicAddressesArePublic() throws UnknownHostException {
        assertThat(SourceUrlGuard.isPublic(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(SourceUrlGuard.isPublic(InetAddress.getByName("2606:4700::1111")))
                .isTrue();
        assertThat(SourceUrlGuard.isPublic(InetAddress.getByName("100.63.255.255")))
                .isTrue();
        assertThat(SourceUrlGuard.isPublic(InetAddress.getByName("100.128.0.0")))
                .isTrue();
        assertThat(SourceUrlGuard.isPublic(InetAddress.getByName("100.64.0.0"))).isFalse();
    }
}
