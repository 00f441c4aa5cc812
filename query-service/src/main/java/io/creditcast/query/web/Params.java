package io.creditcast.query.web;

import io.creditcast.ledger.account.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Checks of query parameters at the HTTP edge; each failure names the parameter at fault. */
public final class Params {
    private Params() {}

    /** A page size: absent → the default, 1..max accepted, anything else is rejected (never clamped). */
    public static int pageSize(Integer requested, int defaultSize, int maxSize, String field) {
        if (requested == null) {
            return defaultSize;
        }
        if (requested < 1 || requested > maxSize) {
            throw ApiException.field(field, "must be between 1 and " + maxSize);
        }
        return requested;
    }

    public static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.field(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    public static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.field(field, "must be an ISO-8601 date such as 2026-01-31");
        }
    }

    /** A half-open time range [from, to); both optional, never inverted. */
    public record TimeRange(Instant from, Instant to) {
        public static TimeRange of(String from, String to) {
            Instant f = instant(from, "from");
            Instant t = instant(to, "to");
            if (f != null && t != null && !f.isBefore(t)) {
                throw ApiException.field("to", "must be after from");
            }
            return new TimeRange(f, t);
        }

        public Instant fromOrEpoch() {
            return from == null ? Instant.EPOCH : from;
        }

        public Instant toOrFarFuture() {
            return to == null ? Instant.parse("9999-12-31T00:00:00Z") : to;
        }
    }

    /** A required range of whole days [from, to] of at most {@code maxDays} days. */
    public record DayRange(LocalDate from, LocalDate to) {
        public static DayRange of(String from, String to, int maxDays) {
            LocalDate f = date(from, "from");
            LocalDate t = date(to, "to");
            if (f == null) {
                throw ApiException.field("from", "is required");
            }
            if (t == null) {
                throw ApiException.field("to", "is required");
            }
            if (t.isBefore(f)) {
                throw ApiException.field("to", "must not be before from");
            }
            if (f.plusDays(maxDays).isBefore(t.plusDays(1))) {
                throw ApiException.field("to", "the range must not exceed " + maxDays + " days");
            }
            return new DayRange(f, t);
        }
    }

    public static AccountId account(String value, String field) {
        try {
            return new AccountId(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.field(field, "is not an account id (kind:name, e.g. wallet:alice)");
        }
    }

    public static Duration timeout(long ms) {
        return Duration.ofMillis(ms);
    }
}
