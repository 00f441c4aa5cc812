package io.creditcast.command.identity.tokens;

import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.Stream;
import io.creditcast.stream.StreamStatus;
import io.creditcast.token.SignedTokens;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Issues short-lived playback tokens that the media worker verifies offline with the shared key ring
 * ({@code creditcast.tokens.keys}). Who gets one depends on the stream's access policy; the stream's creator,
 * moderators and admins always do (they review what is on air).
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "streams")
public class PlaybackTokenController {
    /** Purpose the media worker verifies playback tokens for (see {@link SignedTokens}). */
    public static final String PURPOSE = "playback";
    /** Random bytes per token, so the worker can count viewers that fetched their tokens in the same second. */
    static final int NONCE_BYTES = 12;

    private static final String STREAM_ID = "[A-Za-z0-9-]{1,64}";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignedTokens tokens;
    private final AggregateReader reader;
    private final CommandSender commands;
    private final Duration ttl;

    public PlaybackTokenController(
            SignedTokens tokens, AggregateReader reader, CommandSender commands, TokenProperties properties) {
        this.tokens = tokens;
        this.reader = reader;
        this.commands = commands;
        this.ttl = Duration.ofSeconds(properties.playbackTtlS());
    }

    /**
     * A playback token and the worker paths that take it.
     *
     * @param livePath the live master playlist on the media worker, token included
     * @param vodPath the latest recording's master playlist on the media worker, token included
     */
    public record PlaybackTokenResponse(
            String token,
            String streamId,
            AccessPolicy accessPolicy,
            String kid,
            String expiresAt,
            long ttlS,
            String livePath,
            String vodPath) {}

    /** What the stream tells about who may watch it, read in one pass. */
    record StreamAccess(UserId creator, AccessPolicy policy, StreamStatus status, List<String> passProductIds) {}

    @GetMapping("/streams/{streamId}/playback-token")
    @Operation(
            summary = "A short-lived signed playback token for the media worker (seed 000 FR-P2)",
            description = "public: anyone signed in; metered: wallet balance > 0 and not flagged; ticketed: the"
                    + " viewer bought a ticket or access pass the stream accepts (playback-ticket-required otherwise,"
                    + " with accepted_product_ids); subscribers-only: refused (playback-entitlement-unverifiable)"
                    + " because the domain has no subscription with a validity period. The stream's creator,"
                    + " moderators and admins always get one. Tokens live creditcast.tokens.playback-ttl-s (<= 300 s).")
    @ApiResponse(responseCode = "200", description = "token issued (Cache-Control: no-store)")
    @ApiResponse(responseCode = "400", description = "problem type validation: malformed stream id")
    @ApiResponse(
            responseCode = "403",
            description = "problem types playback-top-up-required, playback-ticket-required,"
                    + " playback-entitlement-unverifiable, playback-taken-down")
    @ApiResponse(responseCode = "404", description = "problem type unknown-stream")
    public Mono<ResponseEntity<PlaybackTokenResponse>> issue(@PathVariable String streamId, Authentication auth) {
        if (!streamId.matches(STREAM_ID)) {
            throw new ApiException(
                    ProblemTypes.VALIDATION,
                    "stream_id must be 1-64 of [A-Za-z0-9-]",
                    List.of(new ApiException.FieldError("stream_id", "1-64 of [A-Za-z0-9-]")),
                    Map.of());
        }
        Actor actor = Actor.of(auth);
        return commands.blocking(() -> {
                    StreamAccess stream = reader.read(
                            Stream.class,
                            streamId,
                            s -> new StreamAccess(
                                    s.creatorId(), s.details().accessPolicy(), s.status(), s.passProductIds()),
                            null);
                    if (stream == null) {
                        throw new ApiException(ProblemTypes.UNKNOWN_STREAM, "no stream " + streamId);
                    }
                    assertMayWatch(actor, stream);
                    return issue(streamId, stream.policy());
                })
                .map(body ->
                        ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body));
    }

    /** The named guards, in order: takedown, staff and the creator, then the access policy. */
    private void assertMayWatch(Actor actor, StreamAccess stream) {
        if (stream.status() == StreamStatus.TAKEN_DOWN) {
            throw new ApiException(ProblemTypes.PLAYBACK_TAKEN_DOWN, "this stream was taken down");
        }
        if (actor.userId().equals(stream.creator()) || actor.has("moderator") || actor.has("admin")) {
            return;
        }
        switch (stream.policy()) {
            case PUBLIC -> {}
            case METERED -> assertWalletCanPay(actor.userId());
            case TICKETED -> assertHoldsAcceptedPass(actor.userId(), stream);
            case SUBSCRIBERS ->
                throw new ApiException(
                        ProblemTypes.PLAYBACK_ENTITLEMENT_UNVERIFIABLE,
                        "a subscribers-only stream needs an active subscription to its creator, and the domain has"
                                + " none: a SUBSCRIPTION_PERIOD product carries no period length, so no purchase"
                                + " can be said to be active",
                        List.of(),
                        Map.of("access_policy", stream.policy().name()));
        }
    }

    /**
     * A ticketed stream admits viewers whose wallet bought one of the tickets or access passes the stream accepts
     * ({@code PUT /streams/{id}/passes/{productId}}). Passes do not expire: the domain records no validity period.
     */
    private void assertHoldsAcceptedPass(UserId viewer, StreamAccess stream) {
        boolean holds = !stream.passProductIds().isEmpty()
                && reader.read(
                        Wallet.class, viewer.value(), w -> w.holdsAnyPass(stream.passProductIds()), Boolean.FALSE);
        if (!holds) {
            throw new ApiException(
                    ProblemTypes.PLAYBACK_TICKET_REQUIRED,
                    "a ticketed stream admits holders of a ticket or access pass it accepts",
                    List.of(),
                    Map.of(
                            "access_policy",
                            stream.policy().name(),
                            "accepted_product_ids",
                            stream.passProductIds(),
                            "purchase_path",
                            "/api/v1/purchases"));
        }
    }

    private void assertWalletCanPay(UserId viewer) {
        long[] wallet = reader.read(
                Wallet.class, viewer.value(), w -> new long[] {w.balanceMinor(), w.flagged() ? 1 : 0}, null);
        String reason = wallet == null || wallet[0] <= 0 ? "balance_zero" : wallet[1] == 1 ? "wallet_flagged" : null;
        if (reason != null) {
            throw new ApiException(
                    ProblemTypes.PLAYBACK_TOP_UP_REQUIRED,
                    "a metered stream needs credits in your wallet",
                    List.of(),
                    Map.of("reason", reason, "top_up_path", "/api/v1/wallet"));
        }
    }

    private PlaybackTokenResponse issue(String streamId, AccessPolicy policy) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        String token = tokens.sign(
                PURPOSE,
                List.of(streamId, Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)),
                ttl);
        var verified = (SignedTokens.Verification.Valid) tokens.verify(PURPOSE, token);
        return new PlaybackTokenResponse(
                token,
                streamId,
                policy,
                verified.kid(),
                verified.expiresAt().toString(),
                ttl.toSeconds(),
                "/live/" + streamId + "/hls/master.m3u8?token=" + token,
                "/vod/" + streamId + "/master.m3u8?token=" + token);
    }
}
