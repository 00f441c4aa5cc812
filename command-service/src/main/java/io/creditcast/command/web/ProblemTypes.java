package io.creditcast.command.web;

import io.creditcast.ledger.account.LedgerRejection;
import java.net.URI;
import org.springframework.http.HttpStatus;

/** Stable problem type URIs (RFC 9457). Clients switch on {@code type}, never on text. */
public enum ProblemTypes {
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "The request is not valid"),
    MALFORMED_BODY("malformed-body", HttpStatus.BAD_REQUEST, "The request body could not be read"),
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    IDEMPOTENCY_KEY_MISSING("idempotency-key-missing", HttpStatus.BAD_REQUEST, "Idempotency-Key header required"),
    IDEMPOTENCY_KEY_REUSED(
            "idempotency-key-reused",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Idempotency-Key reused with a different request"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Too busy, retry shortly"),
    INSUFFICIENT_CREDITS("insufficient-credits", HttpStatus.PAYMENT_REQUIRED, "Insufficient credits"),
    INSUFFICIENT_EARNINGS("insufficient-earnings", HttpStatus.UNPROCESSABLE_CONTENT, "Insufficient available earnings"),
    WALLET_FLAGGED("wallet-flagged", HttpStatus.FORBIDDEN, "Wallet is flagged"),
    UNKNOWN_WALLET("unknown-wallet", HttpStatus.NOT_FOUND, "Unknown wallet"),
    UNKNOWN_SESSION("unknown-session", HttpStatus.NOT_FOUND, "Unknown viewing session"),
    UNKNOWN_PAYMENT("unknown-payment", HttpStatus.NOT_FOUND, "Unknown payment"),
    UNKNOWN_PAYOUT("unknown-payout", HttpStatus.NOT_FOUND, "Unknown payout"),
    UNKNOWN_PRODUCT("unknown-product", HttpStatus.NOT_FOUND, "Unknown product"),
    UNKNOWN_STREAM("unknown-stream", HttpStatus.NOT_FOUND, "Unknown stream"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflicts with the current state"),
    STREAM_TAKEN_DOWN("stream-taken-down", HttpStatus.CONFLICT, "The stream was taken down: nothing more is billed"),
    STREAM_ENDED("stream-ended", HttpStatus.CONFLICT, "The stream ended before this interval could start"),
    LIMIT_EXCEEDED("limit-exceeded", HttpStatus.UNPROCESSABLE_CONTENT, "A limit was exceeded"),
    NOT_ALLOWED("not-allowed", HttpStatus.FORBIDDEN, "Not allowed by the rules"),
    UNKNOWN_PRICE("unknown-price", HttpStatus.NOT_FOUND, "Unknown price"),
    PRICE_INACTIVE("price-inactive", HttpStatus.UNPROCESSABLE_CONTENT, "The price is not on sale"),
    CURRENCY_MISMATCH("currency-mismatch", HttpStatus.UNPROCESSABLE_CONTENT, "Currency does not match the price"),
    UNSUPPORTED_CURRENCY("unsupported-currency", HttpStatus.UNPROCESSABLE_CONTENT, "Currency has no FX rate"),
    PROVIDER_NOT_ENABLED("provider-not-enabled", HttpStatus.UNPROCESSABLE_CONTENT, "Payment provider not enabled"),
    PROVIDER_UNAVAILABLE("provider-unavailable", HttpStatus.BAD_GATEWAY, "Payment provider call failed, retry"),
    WEBHOOK_SIGNATURE_INVALID(
            "webhook-signature-invalid", HttpStatus.BAD_REQUEST, "Webhook signature missing or invalid"),
    PLAYBACK_TOP_UP_REQUIRED(
            "playback-top-up-required", HttpStatus.FORBIDDEN, "A metered stream needs credits in your wallet"),
    PLAYBACK_TICKET_REQUIRED(
            "playback-ticket-required",
            HttpStatus.FORBIDDEN,
            "A ticketed stream needs a ticket or access pass it accepts"),
    PLAYBACK_ENTITLEMENT_UNVERIFIABLE(
            "playback-entitlement-unverifiable",
            HttpStatus.FORBIDDEN,
            "Subscriptions to a creator cannot be checked: the domain has no subscription with a validity period"),
    PLAYBACK_TAKEN_DOWN("playback-taken-down", HttpStatus.FORBIDDEN, "The stream was taken down");

    public static final String BASE = "https://creditcast.io/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemTypes(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI type() {
        return URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static ProblemTypes of(LedgerRejection.Reason reason) {
        return switch (reason) {
            case INSUFFICIENT_CREDITS -> INSUFFICIENT_CREDITS;
            case INSUFFICIENT_EARNINGS -> INSUFFICIENT_EARNINGS;
            case WALLET_FLAGGED -> WALLET_FLAGGED;
            case UNKNOWN_WALLET -> UNKNOWN_WALLET;
            case UNKNOWN_SESSION -> UNKNOWN_SESSION;
            case UNKNOWN_PAYMENT -> UNKNOWN_PAYMENT;
            case UNKNOWN_PAYOUT -> UNKNOWN_PAYOUT;
            case UNKNOWN_PRODUCT -> UNKNOWN_PRODUCT;
            case UNKNOWN_STREAM -> UNKNOWN_STREAM;
            case STREAM_TAKEN_DOWN -> STREAM_TAKEN_DOWN;
            case STREAM_ENDED -> STREAM_ENDED;
            case DUPLICATE, CONFLICTING_STATE -> CONFLICT;
            case LIMIT_EXCEEDED -> LIMIT_EXCEEDED;
            case NOT_ALLOWED -> NOT_ALLOWED;
        };
    }
}
