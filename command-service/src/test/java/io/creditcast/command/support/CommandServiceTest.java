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
            "logging.level.root=WARN"
        })
public @interface CommandServiceTest {
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
