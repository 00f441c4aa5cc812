package io.creditcast.query.ledger;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.UserId;
import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.ledger.LedgerQueries.JournalFilter;
import io.creditcast.query.ledger.LedgerQueries.Page;
import io.creditcast.query.ledger.LedgerQueries.WalletRow;
import io.creditcast.query.security.Actor;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Cursor;
import io.creditcast.query.web.Params;
import io.creditcast.query.web.ProblemTypes;
import io.creditcast.query.web.StreamSlots;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The viewer's wallet: balance with the low-balance signal, the cursor-paginated ledger and live balance
 * updates over SSE. Auditors and admins may name another wallet; everyone else sees only their own.
 */
@RestController
@RequestMapping("/api/v1/wallet")
public class WalletController {
    private final LedgerQueries queries;
    private final BalanceNotifications notifications;
    private final QueryProperties properties;
    private final StreamSlots liveStreams;

    public WalletController(LedgerQueries queries, BalanceNotifications notifications, QueryProperties properties) {
        this.queries = queries;
        this.notifications = notifications;
        this.properties = properties;
        this.liveStreams =
                new StreamSlots("live balance streams", properties.wallet().maxLiveStreams());
    }

    public record Balance(
            String walletId,
            long balanceMinor,
            boolean flagged,
            long ratePerIntervalMinor,
            long intervalsCovered,
            boolean lowBalance,
            int lowBalanceIntervals) {}

    public record LedgerPage(String walletId, java.util.List<JournalRow> entries, String nextCursor) {}

    @Operation(summary = "Balance of the caller's wallet with the low-balance signal")
    @GetMapping("/balance")
    public Mono<Balance> balance(Authentication auth, @RequestParam(required = false) String wallet) {
        String walletId = walletOf(auth, wallet);
        return queries.wallet(walletId)
                .switchIfEmpty(Mono.defer(() -> ownOrUnknown(auth, walletId)))
                .map(this::toBalance);
    }

    @Operation(summary = "The caller's wallet postings, newest first; pass next_cursor to get the next page")
    @GetMapping("/ledger")
    public Mono<LedgerPage> ledger(
            Authentication auth,
            @RequestParam(required = false) String wallet,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        String walletId = walletOf(auth, wallet);
        var l = properties.limits();
        int size = Params.pageSize(limit, l.defaultPageSize(), l.maxPageSize(), "limit");
        Cursor from = Cursor.decode(cursor);
        JournalFilter filter = new JournalFilter(AccountId.wallet(new UserId(walletId)), null, null, null);
        return queries.page(filter, from, size).map((Page p) -> new LedgerPage(walletId, p.entries(), p.nextCursor()));
    }

    @Operation(summary = "Live balance: the current balance, then one event per committed change")
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Balance>> stream(Authentication auth, @RequestParam(required = false) String wallet) {
        String walletId = walletOf(auth, wallet);
        return liveStreams.open(() -> balanceChanges(auth, wallet, walletId));
    }

    private Flux<ServerSentEvent<Balance>> balanceChanges(Authentication auth, String wallet, String walletId) {
        // the current balance once the instance listens (so no change after it is missed), then each change
        Flux<ServerSentEvent<Balance>> updates = notifications
                .follow(walletId)
                .concatMap(u -> switch (u) {
                    case BalanceNotifications.Resync r -> balance(auth, wallet);
                    case BalanceNotifications.BalanceChanged c ->
                        queries.wallet(walletId)
                                .map(w -> toBalance(new WalletRow(
                                        walletId, c.balanceMinor(), w.flagged(), w.ratePerIntervalMinor())))
                                .defaultIfEmpty(toBalance(new WalletRow(walletId, c.balanceMinor(), false, null)));
                })
                .distinctUntilChanged() // a second resync at the start, or a change that moved nothing visible
                .map(b -> ServerSentEvent.builder(b).event("balance").build());
        Flux<ServerSentEvent<Balance>> heartbeat = Flux.interval(
                        Duration.ofSeconds(properties.wallet().sseHeartbeatS()))
                .map(i ->
                        ServerSentEvent.<Balance>builder().comment("keep-alive").build());
        return Flux.merge(updates, heartbeat);
    }

    private Balance toBalance(WalletRow w) {
        var cfg = properties.wallet();
        long rate = w.ratePerIntervalMinor() == null || w.ratePerIntervalMinor() <= 0
                ? cfg.defaultRatePerIntervalMinor()
                : w.ratePerIntervalMinor();
        long covered = w.balanceMinor() <= 0 ? 0 : w.balanceMinor() / rate;
        return new Balance(
                w.walletId(),
                w.balanceMinor(),
                w.flagged(),
                rate,
                covered,
                covered < cfg.lowBalanceIntervals(),
                cfg.lowBalanceIntervals());
    }

    private Mono<WalletRow> ownOrUnknown(Authentication auth, String walletId) {
        if (auth.getName().equals(walletId)) {
            return Mono.just(new WalletRow(walletId, 0, false, null));
        }
        return Mono.error(new ApiException(ProblemTypes.UNKNOWN_WALLET, "no wallet " + walletId));
    }

    /** The caller's own wallet, or another one for auditors and admins only. */
    static String walletOf(Authentication auth, String requested) {
        Actor actor = Actor.of(auth);
        if (requested == null || requested.equals(actor.userId().value())) {
            return actor.userId().value();
        }
        if (!actor.has("auditor") && !actor.has("admin")) {
            throw new ApiException(ProblemTypes.FORBIDDEN, "you may only read your own wallet");
        }
        try {
            return new UserId(requested).value();
        } catch (IllegalArgumentException e) {
            throw ApiException.field("wallet", "must be 1-128 of [A-Za-z0-9._@-]");
        }
    }
}
