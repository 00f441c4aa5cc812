package io.creditcast.command.payment.price;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The price list and the FX table, in PostgreSQL. */
@Component
public class PriceStore {
    /** A credit pack on sale (or withdrawn): {@code amountMinor} of {@code currency} buys {@code credits}. */
    public record Price(
            String priceId, String productCode, long credits, long amountMinor, String currency, boolean active) {}

    /** {@code creditsPerMajorUnit} credits for one major unit of {@code currency}. */
    public record FxRate(String currency, long creditsPerMajorUnit, int minorDigits) {
        /** Credits bought by an amount, rounded down. */
        public long creditsFor(long amountMinor) {
            return Math.multiplyExact(amountMinor, creditsPerMajorUnit) / (long) Math.pow(10, minorDigits);
        }
    }

    private static final RowMapper<Price> PRICE = (rs, i) -> new Price(
            rs.getString("price_id"),
            rs.getString("product_code"),
            rs.getLong("credits"),
            rs.getLong("amount_minor"),
            rs.getString("currency"),
            rs.getBoolean("active"));

    private static final RowMapper<FxRate> FX = (rs, i) ->
            new FxRate(rs.getString("currency"), rs.getLong("credits_per_major_unit"), rs.getInt("minor_digits"));

    private final JdbcTemplate jdbc;

    public PriceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Price> find(String priceId) {
        return jdbc.query("SELECT * FROM price WHERE price_id = ?", PRICE, priceId).stream()
                .findFirst();
    }

    public List<Price> list(boolean activeOnly, int limit) {
        return jdbc.query(
                "SELECT * FROM price WHERE active OR NOT ? ORDER BY currency, amount_minor, product_code LIMIT ?",
                PRICE,
                activeOnly,
                limit);
    }

    public Optional<FxRate> fx(String currency) {
        return jdbc.query("SELECT * FROM fx_rate WHERE currency = ?", FX, currency).stream()
                .findFirst();
    }

    public List<FxRate> fxRates() {
        return jdbc.query("SELECT * FROM fx_rate ORDER BY currency", FX);
    }

    public FxRate putFx(FxRate rate) {
        jdbc.update(
                """
                INSERT INTO fx_rate (currency, credits_per_major_unit, minor_digits) VALUES (?, ?, ?)
                ON CONFLICT (currency) DO UPDATE SET credits_per_major_unit = EXCLUDED.credits_per_major_unit,
                    minor_digits = EXCLUDED.minor_digits, updated_at = now()
                """,
                rate.currency(),
                rate.creditsPerMajorUnit(),
                rate.minorDigits());
        return rate;
    }

    /** Creates the price for a product code, or updates it in place (the id stays). */
    public Price upsert(String productCode, long credits, long amountMinor, String currency, boolean active) {
        String newId = "price_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return jdbc.queryForObject(
                """
                INSERT INTO price (price_id, product_code, credits, amount_minor, currency, active)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (product_code) DO UPDATE SET credits = EXCLUDED.credits,
                    amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
                    active = EXCLUDED.active, updated_at = now()
                RETURNING *
                """,
                PRICE,
                newId,
                productCode,
                credits,
                amountMinor,
                currency,
                active);
    }
}
