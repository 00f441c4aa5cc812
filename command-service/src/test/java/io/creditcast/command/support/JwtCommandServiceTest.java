package io.creditcast.command.support;

import io.creditcast.testsupport.KeycloakServer;
import io.creditcast.testsupport.SharedKeycloak;
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
 * Boots the command service in its production security mode (Keycloak JWTs) against the real Keycloak and
 * PostgreSQL, both started once per JVM. Tests extending {@link Base} share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"creditcast.settlement.interval-ms=3600000", "logging.level.root=WARN"})
public @interface JwtCommandServiceTest {
    abstract class Base {
        private static final String URL = SharedPostgres.newDatabase("command_jwt");
        protected static final KeycloakServer KEYCLOAK = SharedKeycloak.server();

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", () -> URL);
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
            registry.add("creditcast.security.mode", () -> "jwt");
            registry.add("creditcast.security.jwt.issuer-uri", KEYCLOAK::issuer);
        }
    }
}
