package io.creditcast.command.chat;

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
 * The whole command service over HTTP and WebSocket against a real PostgreSQL, with chat limits the
 * tests can reach quickly (a paid highlight costs 5 credits; three connections per user).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureWebTestClient
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "creditcast.settlement.enabled=false",
            "creditcast.chat.highlight-cost-minor=5",
            "creditcast.chat.max-connections-per-user=3",
            "creditcast.chat.history-size=5",
            // callers named by X-Creditcast-* headers (security-support's explicit test mode)
            "creditcast.security.mode=dev-headers",
            "logging.level.root=WARN"
        })
public @interface ChatTest {
    abstract class Base {
        private static final String URL = SharedPostgres.newDatabase("chat_it");

        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", () -> URL);
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
        }
    }
}
