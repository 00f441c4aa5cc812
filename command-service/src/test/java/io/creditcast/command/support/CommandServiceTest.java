package io.creditcast.command.support;

import io.creditcast.testsupport.SharedPostgres;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the whole command service over HTTP against a real PostgreSQL. Tests extending
 * {@link Base} share one application context (Spring's context cache) and one database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// the build machine is shared: a cold context under load can take more than the default 5 s to answer
@AutoConfigureWebTestClient(timeout = "PT30S")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "creditcast.settlement.interval-ms=3600000",
            "creditcast.settlement.enabled=true",
            // these tests are about other features: callers named by X-Creditcast-* headers (explicit opt-in)
            "creditcast.security.mode=dev-headers",
            // playback and chat-room tokens: a rotated key ring (the media worker's tests use the same keys)
            "creditcast.tokens.keys[0].kid=" + CommandServiceTest.OLD_KID,
            "creditcast.tokens.keys[0].secret=" + CommandServiceTest.OLD_SECRET,
            "creditcast.tokens.keys[0].active=false",
            "creditcast.tokens.keys[1].kid=" + CommandServiceTest.KID,
            "creditcast.tokens.keys[1].secret=" + CommandServiceTest.SECRET,
            "logging.level.root=WARN"
        })
public @interface CommandServiceTest {
    /** The token key that signs in these tests, and the retired one that still verifies. */
    String KID = "it-2026-12";

    String SECRET = "command-it-token-key-2026-12-0123456789";
    String OLD_KID = "it-2026-11";
    String OLD_SECRET = "command-it-token-key-2026-11-0123456789";

    abstract class Base {
        private static final String URL = SharedPostgres.newDatabase("command_it");

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", () -> URL);
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
        }
    }
}
