package io.creditcast.media.command;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the worker reaches the command service ({@code creditcast.media.command.*}).
 *
 * @param baseUrl the command service (default {@code http://localhost:8080})
 * @param auth {@code dev-headers} (until the identity work lands: {@code X-Creditcast-User} = {@code serviceUser},
 *     role {@code service}) or {@code bearer} (a {@link BearerTokenSupplier} bean supplies the token)
 * @param serviceUser the worker's user id in dev-headers mode
 * @param requestTimeout bound on each HTTP call (default 3 s)
 * @param factAttempts attempts per fact before it is dropped and logged (default 5)
 * @param factInitialBackoff wait before the second attempt, doubling (default 200 ms)
 * @param factQueueCapacity facts waiting to be sent; past it the oldest report is refused and logged (default 1000)
 */
@ConfigurationProperties("creditcast.media.command")
public record CommandClientProperties(
        @DefaultValue("http://localhost:8080") URI baseUrl,
        @DefaultValue("dev-headers") String auth,
        @DefaultValue("media-worker") String serviceUser,
        @DefaultValue("3s") Duration requestTimeout,
        @DefaultValue("5") int factAttempts,
        @DefaultValue("200ms") Duration factInitialBackoff,
        @DefaultValue("1000") int factQueueCapacity) {
    public CommandClientProperties {
        if (!auth.equals("dev-headers") && !auth.equals("bearer")) {
            throw new IllegalArgumentException("creditcast.media.command.auth must be dev-headers or bearer");
        }
        if (factAttempts < 1 || factAttempts > 20) {
            throw new IllegalArgumentException("factAttempts must be 1..20");
        }
        if (factQueueCapacity < 1 || factQueueCapacity > 100_000) {
            throw new IllegalArgumentException("factQueueCapacity must be 1..100000");
        }
    }
}
