package io.creditcast.command.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Payments and their refunds and disputes, in PostgreSQL. The ledger itself is the event store. */
@Component
public class PaymentStore {

    public enum Status {
        PENDING,
        SUCCEEDED,
        FAILED,
        EXPIRED
    }

    public record Payment(
            long seq,
            String paymentId,
            String userId,
            String idempotencyKey,
            String requestHash,
            String priceId,
            String productCode,
            long credits,
            long amountMinor,
            String currency,
            String provider,
            String providerRef,
            String providerPaymentRef,
            String providerChargeRef,
            String checkoutUrl,
            Status status,
            String failureReason,
            long refundedAmountMinor,
            long refundedCredits,
            Instant createdAt,
            Instant succeededAt) {

        /** Credits matching a part of the paid amount, rounded down (a full amount is exactly all credits). */
        public long creditsFor(long partAmountMinor) {
            if (partAmountMinor >= amountMinor) {
                return credits;
            }
            return Math.multiplyExact(credits, partAmountMinor) / amountMinor;
        }
    }

    public record Adjustment(
            String adjustmentId,
            String paymentId,
            String kind,
            String status,
            long amountMinor,
            long credits,
            Instant createdAt,
            Instant updatedAt) {}

    /** Filters of the admin list; null means any. */
    public record Filter(String userId, Status status, String provider) {}

    private static final RowMapper<Payment> PAYMENT = PaymentStore::payment;

    private final JdbcTemplate jdbc;

    public PaymentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new PENDING payment; false when (user, idempotency key) already exists. */
    public boolean insertPending(Payment p) {
        int n = jdbc.update(
                """
                INSERT INTO payment (payment_id, user_id, idempotency_key, request_hash, price_id, product_code,
                    credits, amount_minor, currency, provider, provider_ref, checkout_url, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')
                ON CONFLICT (user_id, idempotency_key) DO NOTHING
                """,
                p.paymentId(),
                p.userId(),
                p.idempotencyKey(),
                p.requestHash(),
                p.priceId(),
                p.productCode(),
                p.credits(),
                p.amountMinor(),
                p.currency(),
                p.provider(),
                p.providerRef(),
                p.checkoutUrl());
        return n == 1;
    }

    public Optional<Payment> find(String paymentId) {
        return one("SELECT * FROM payment WHERE payment_id = ?", paymentId);
    }

    public Optional<Payment> findByKey(String userId, String idempotencyKey) {
        return one("SELECT * FROM payment WHERE user_id = ? AND idempotency_key = ?", userId, idempotencyKey);
    }

    public Optional<Payment> findByProviderRef(String provider, String providerRef) {
        return one("SELECT * FROM payment WHERE provider = ? AND provider_ref = ?", provider, providerRef);
    }

    /** By the provider's payment (Stripe PaymentIntent) or charge id. */
    public Optional<Payment> findByPaymentOrChargeRef(String provider, String paymentRef, String chargeRef) {
        if (paymentRef != null) {
            var p = one("SELECT * FROM payment WHERE provider = ? AND provider_payment_ref = ?", provider, paymentRef);
            if (p.isPresent()) {
                return p;
            }
        }
        if (chargeRef != null) {
            return one("SELECT * FROM payment WHERE provider = ? AND provider_charge_ref = ?", provider, chargeRef);
        }
        return Optional.empty();
    }

    /** Records the provider's payment reference while the payment is still pending (e.g. a bank transfer). */
    public void recordPaymentRef(String paymentId, String paymentRef) {
        jdbc.update(
                "UPDATE payment SET provider_payment_ref = COALESCE(?, provider_payment_ref), updated_at = now() WHERE payment_id = ?",
                paymentRef,
                paymentId);
    }

    public void recordChargeRef(String paymentId, String chargeRef) {
        jdbc.update(
                "UPDATE payment SET provider_charge_ref = COALESCE(provider_charge_ref, ?), updated_at = now() WHERE payment_id = ?",
                chargeRef,
                paymentId);
    }

    /** PENDING → SUCCEEDED (after the deposit was committed); a no-op when already succeeded. */
    public void markSucceeded(String paymentId, String paymentRef) {
        jdbc.update(
                """
                UPDATE payment SET status = 'SUCCEEDED', provider_payment_ref = COALESCE(?, provider_payment_ref),
                    succeeded_at = COALESCE(succeeded_at, now()), updated_at = now()
                WHERE payment_id = ? AND status IN ('PENDING', 'FAILED', 'EXPIRED')
                """,
                paymentRef,
                paymentId);
    }

    /** PENDING → FAILED or EXPIRED; never overrides a success. */
    public void markEnded(String paymentId, Status status, String reason) {
        jdbc.update(
                "UPDATE payment SET status = ?, failure_reason = ?, updated_at = now() WHERE payment_id = ? AND status = 'PENDING'",
                status.name(),
                reason == null ? null : reason.substring(0, Math.min(500, reason.length())),
                paymentId);
    }

    public void recordRefunded(String paymentId, long refundedAmountMinor, long refundedCredits) {
        jdbc.update(
                """
                UPDATE payment SET refunded_amount_minor = GREATEST(refunded_amount_minor, ?),
                    refunded_credits = GREATEST(refunded_credits, ?), updated_at = now() WHERE payment_id = ?
                """,
                refundedAmountMinor,
                refundedCredits,
                paymentId);
    }

    public void putAdjustment(Adjustment a) {
        jdbc.update(
                """
                INSERT INTO payment_adjustment (adjustment_id, payment_id, kind, status, amount_minor, credits)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (adjustment_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
                """,
                a.adjustmentId(),
                a.paymentId(),
                a.kind(),
                a.status(),
                a.amountMinor(),
                a.credits());
    }

    public Optional<Adjustment> findAdjustment(String adjustmentId) {
        return jdbc
                .query(
                        "SELECT * FROM payment_adjustment WHERE adjustment_id = ?",
                        PaymentStore::adjustment,
                        adjustmentId)
                .stream()
                .findFirst();
    }

    /** A page of payments, newest first, strictly after the cursor ({@code seq}). */
    public List<Payment> page(Filter filter, Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM payment WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.userId() != null) {
            sql.append(" AND user_id = ?");
            args.add(filter.userId());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status().name());
        }
        if (filter.provider() != null) {
            sql.append(" AND provider = ?");
            args.add(filter.provider());
        }
        if (beforeSeq != null) {
            sql.append(" AND seq < ?");
            args.add(beforeSeq);
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), PAYMENT, args.toArray());
    }

    public Map<String, List<Adjustment>> adjustmentsOf(Collection<String> paymentIds) {
        Map<String, List<Adjustment>> byPayment = new LinkedHashMap<>();
        if (paymentIds.isEmpty()) {
            return byPayment;
        }
        jdbc.query(
                        "SELECT * FROM payment_adjustment WHERE payment_id = ANY (?) ORDER BY created_at",
                        ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", paymentIds.toArray())),
                        PaymentStore::adjustment)
                .forEach(a -> byPayment
                        .computeIfAbsent(a.paymentId(), k -> new ArrayList<>())
                        .add(a));
        return byPayment;
    }

    private Optional<Payment> one(String sql, Object... args) {
        return jdbc.query(sql, PAYMENT, args).stream().findFirst();
    }

    private static Payment payment(ResultSet rs, int i) throws SQLException {
        return new Payment(
                rs.getLong("seq"),
                rs.getString("payment_id"),
                rs.getString("user_id"),
                rs.getString("idempotency_key"),
                rs.getString("request_hash"),
                rs.getString("price_id"),
                rs.getString("product_code"),
                rs.getLong("credits"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("provider"),
                rs.getString("provider_ref"),
                rs.getString("provider_payment_ref"),
                rs.getString("provider_charge_ref"),
                rs.getString("checkout_url"),
                Status.valueOf(rs.getString("status")),
                rs.getString("failure_reason"),
                rs.getLong("refunded_amount_minor"),
                rs.getLong("refunded_credits"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("succeeded_at")));
    }

    private static Adjustment adjustment(ResultSet rs, int i) throws SQLException {
        return new Adjustment(
                rs.getString("adjustment_id"),
                rs.getString("payment_id"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getLong("amount_minor"),
                rs.getLong("credits"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
