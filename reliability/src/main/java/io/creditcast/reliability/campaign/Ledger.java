package io.creditcast.reliability.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.reliability.check.Operation;
import java.io.IOException;
import java.time.Duration;

/**
 * The money operations the campaigns drive, each returning the {@link Operation} the checker needs: the
 * transaction id the command service derives from the operation's key, and what the client learnt.
 */
public final class Ledger {
    public static final String ADMIN = "reliability-admin";
    public static final String ADMIN_ROLES = "admin,service";
    public static final String PROVIDER = "reliability";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final Duration retryBudget;

    public Ledger(Api api, Duration retryBudget) {
        this.api = api;
        this.retryBudget = retryBudget;
    }

    /** A verified payment credited to a wallet: {@code deposit:{user}:{paymentId}}. */
    public Operation deposit(String userId, String paymentId, long amountMinor) {
        String body = "{\"user_id\":\"" + userId + "\",\"payment_id\":\"" + paymentId + "\",\"provider\":\"" + PROVIDER
                + "\",\"amount_minor\":" + amountMinor + "}";
        var outcome = Api.perform(
                () -> api.post("/api/v1/admin/deposits", ADMIN, ADMIN_ROLES, "deposit-" + paymentId, body),
                retryBudget);
        return new Operation("deposit", Operation.Effect.TRANSACTION, "deposit:" + userId + ":" + paymentId, outcome);
    }

    /** A tip with an Idempotency-Key: {@code tip:{viewer}:{operationId(viewer, key)}}. */
    public Operation tip(String viewerId, String creatorId, String key, long amountMinor) {
        String body = "{\"creator_id\":\"" + creatorId + "\",\"amount_minor\":" + amountMinor + "}";
        var outcome = Api.perform(() -> api.post("/api/v1/tips", viewerId, "viewer", key, body), retryBudget);
        return new Operation(
                "tip", Operation.Effect.TRANSACTION, "tip:" + viewerId + ":" + Api.operationId(viewerId, key), outcome);
    }

    /** One metered interval: {@code meter:{viewer}:{session}:{index}}. */
    public Operation meter(String viewerId, Session session, long intervalIndex) {
        String body = meterBody(session, intervalIndex);
        var outcome = Api.perform(() -> api.post("/api/v1/meter", viewerId, "viewer", null, body), retryBudget);
        return new Operation(
                "meter", Operation.Effect.TRANSACTION, meterTransactionId(viewerId, session, intervalIndex), outcome);
    }

    /** A payout request (a hold, no postings): found by its nonce in {@code PayoutRequested}. */
    public Operation requestPayout(String creatorId, String key, long amountMinor) {
        String body = "{\"amount_minor\":" + amountMinor + "}";
        var outcome = Api.perform(() -> api.post("/api/v1/payouts", creatorId, "creator", key, body), retryBudget);
        return new Operation("payout", Operation.Effect.PAYOUT_REQUEST, Api.operationId(creatorId, key), outcome);
    }

    /** Creates a stream (setup, retried until it answers). */
    public String createStream(String creatorId) {
        JsonNode node = setup(() -> api.post(
                "/api/v1/streams", creatorId, "creator", null, "{\"title\":\"reliability\",\"category\":\"music\"}"));
        return node.path("stream_id").asText();
    }

    /** Opens a viewing session (setup, retried until it answers). */
    public Session openSession(String viewerId, String streamId) {
        JsonNode node = setup(() ->
                api.post("/api/v1/viewing-sessions", viewerId, "viewer", null, "{\"stream_id\":\"" + streamId + "\"}"));
        return new Session(
                node.path("session_id").asText(),
                node.path("rate_minor").asLong(),
                node.path("interval_ms").asLong());
    }

    public static String meterBody(Session session, long intervalIndex) {
        return "{\"session_id\":\"" + session.sessionId() + "\",\"interval_index\":" + intervalIndex
                + ",\"playback_ms\":" + (intervalIndex * session.intervalMs()) + "}";
    }

    public static String meterTransactionId(String viewerId, Session session, long intervalIndex) {
        return "meter:" + viewerId + ":" + session.sessionId() + ":" + intervalIndex;
    }

    /** An open viewing session and the rate fixed for it. */
    public record Session(String sessionId, long rateMinor, long intervalMs) {}

    private JsonNode setup(java.util.function.Supplier<Api.Response> attempt) {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        Api.Response last;
        do {
            last = attempt.get();
            if (last.success()) {
                try {
                    return JSON.readTree(last.body());
                } catch (IOException e) {
                    throw new IllegalStateException("setup answer is not JSON: " + last.body(), e);
                }
            }
            if (!last.indeterminate()) {
                break;
            }
            try {
                Thread.sleep(Api.RETRY_BACKOFF.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("setup request failed with " + last.status() + ": " + last.body());
    }
}
