package io.creditcast.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.command.config.AxonConfiguration;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers the result of every money-moving request by (principal, Idempotency-Key). Rows are
 * inserted inside the command's own transaction, so a key has a stored result exactly when its
 * effect is committed.
 */
@Component
public class IdempotencyStore {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);
    /** How long a key is remembered (Stripe keeps 24 h; we keep a week). */
    public static final Duration RETENTION = Duration.ofDays(7);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = AxonConfiguration.axonObjectMapper();

    public IdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Stored(String scope, String requestHash, Object result) {}

    public Optional<Stored> find(String principal, String key) {
        return jdbc
                .query(
                        "SELECT scope, request_hash, result_type, result_json FROM idempotency_key WHERE principal = ? AND key = ?",
                        (rs, i) -> new Stored(
                                rs.getString(1), rs.getString(2).trim(), read(rs.getString(3), rs.getString(4))),
                        principal,
                        key)
                .stream()
                .findFirst();
    }

    /** Called inside the command's transaction; a concurrent duplicate fails here with a unique violation. */
    void insert(String principal, String key, String scope, String requestHash, Object result) {
        try {
            String type = result == null ? "null" : result.getClass().getName();
            jdbc.update(
                    "INSERT INTO idempotency_key (principal, key, scope, request_hash, result_type, result_json) VALUES (?, ?, ?, ?, ?, ?)",
                    principal,
                    key,
                    scope,
                    requestHash,
                    type,
                    json.writeValueAsString(result));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("command result not serializable", e);
        }
    }

    private Object read(String type, String value) {
        if ("null".equals(type)) {
            return null;
        }
        if (!type.startsWith("io.creditcast.") && !type.startsWith("java.lang.")) {
            throw new IllegalStateException("unexpected stored result type " + type);
        }
        try {
            return json.readValue(value, Class.forName(type));
        } catch (Exception e) {
            throw new IllegalStateException("stored result unreadable", e);
        }
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purgeExpired() {
        int n = jdbc.update(
                "DELETE FROM idempotency_key WHERE created_at < now() - make_interval(secs => ?)",
                RETENTION.toSeconds());
        if (n > 0) {
            log.info("purged {} idempotency keys older than {}", n, RETENTION);
        }
    }
}
