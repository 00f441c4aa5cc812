package io.creditcast.command.chat.message;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.command.chat.fanout.RoomFanout;
import io.creditcast.command.chat.message.ChatMessageStore.StoredMessage;
import io.creditcast.command.chat.message.MessageText.Empty;
import io.creditcast.command.chat.message.MessageText.Ok;
import io.creditcast.command.chat.message.MessageText.TooLong;
import io.creditcast.command.chat.message.SendLimiter.Accepted;
import io.creditcast.command.chat.message.SendLimiter.Duplicate;
import io.creditcast.command.chat.message.SendLimiter.RateLimited;
import io.creditcast.command.chat.message.SendLimiter.SlowMode;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.room.ChatConnection;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.idempotency.IdempotencyStore;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemHandler;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.ledger.wallet.WalletCommands.TipCreator;
import io.creditcast.ledger.wallet.WalletResults.WalletOutcome;
import io.creditcast.stream.Stream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import reactor.core.publisher.Mono;

/**
 * The send path of one chat message: shape (normalised text, length in code points), standing in the
 * room (ban, mute), eligibility (a wallet with credits, re-checked on every send), flood limits, the
 * optional paid highlight through the ledger, then storage and fan-out. Every refusal is a typed error
 * frame; the connection stays open.
 */
public class ChatSender {
    private static final Logger log = LoggerFactory.getLogger(ChatSender.class);
    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ChatProperties properties;
    private final AggregateReader reader;
    private final CommandSender commands;
    private final IdempotencyStore idempotency;
    private final ChatMessageStore store;
    private final SendLimiter limiter;
    private final RoomFanout fanout;
    private final ChatFrames frames;
    private final FeePolicy feePolicy;
    private final Clock clock;
    private final RoomStandings standings;

    public ChatSender(
            ChatProperties properties,
            AggregateReader reader,
            CommandSender commands,
            IdempotencyStore idempotency,
            ChatMessageStore store,
            SendLimiter limiter,
            RoomFanout fanout,
            ChatFrames frames,
            FeePolicy feePolicy,
            Clock clock,
            RoomStandings standings) {
        this.standings = standings;
        this.properties = properties;
        this.reader = reader;
        this.commands = commands;
        this.idempotency = idempotency;
        this.store = store;
        this.limiter = limiter;
        this.fanout = fanout;
        this.frames = frames;
        this.feePolicy = feePolicy;
        this.clock = clock;
    }

    /** A client's {@code message} frame. */
    public record SendMessage(String text, String clientMsgId, boolean highlight) {}

    /** What was decided before any money moved: refuse with a frame, replay, or go ahead. */
    private sealed interface Checked {}

    private record Refuse(String frame) implements Checked {}

    private record Replay(String frame) implements Checked {}

    private record Proceed(String text, boolean paid, int slowModeS) implements Checked {}

    public Mono<Void> send(ChatConnection c, SendMessage m) {
        return commands.blocking(() -> check(c, m))
                .flatMap(checked -> switch (checked) {
                    case Refuse r -> offer(c, r.frame());
                    case Replay r -> offer(c, r.frame());
                    case Proceed p ->
                        pay(c, m, p)
                                .flatMap(paidMinor -> commands.blocking(() -> store(c, m, p, paidMinor)))
                                .flatMap(frame -> offer(c, frame))
                                .onErrorResume(LedgerRejection.class, e -> offer(c, rejected(c, e)))
                                .onErrorResume(
                                        e -> ProblemHandler.unwrap(e) instanceof LedgerRejection,
                                        e -> offer(c, rejected(c, (LedgerRejection) ProblemHandler.unwrap(e))));
                })
                .onErrorResume(e -> {
                    log.warn("chat send failed", e);
                    return offer(c, frames.error("unavailable", "the message could not be sent; retry"));
                });
    }

    private static Mono<Void> offer(ChatConnection c, String frame) {
        c.offer(frame);
        return Mono.empty();
    }

    private Checked check(ChatConnection c, SendMessage m) {
        if (!c.canSend()) {
            return new Refuse(frames.error("read_only", "this connection cannot send"));
        }
        if (m.clientMsgId() != null && !CLIENT_MSG_ID.matcher(m.clientMsgId()).matches()) {
            return new Refuse(frames.error("invalid_client_msg_id", "client_msg_id must be 1-64 of [A-Za-z0-9_-]"));
        }
        String text;
        switch (MessageText.normalise(m.text(), properties.maxMessageCodePoints())) {
            case Ok ok -> text = ok.text();
            case Empty e -> {
                return new Refuse(frames.error("empty_message", "the message has no visible text"));
            }
            case TooLong t -> {
                return new Refuse(frames.error(
                        "message_too_long",
                        "messages are at most " + t.max() + " characters",
                        Map.of("max_code_points", t.max(), "code_points", t.codePoints())));
            }
        }
        if (m.clientMsgId() != null) {
            var existing = store.byClientId(c.streamId(), c.userId().value(), m.clientMsgId());
            if (existing.isPresent()) {
                return new Replay(frames.ack(m.clientMsgId(), existing.get().id(), true));
            }
        }
        var standing = standings.of(c.streamId(), c.userId());
        Instant now = clock.instant();
        if (standing.banned()) {
            return new Refuse(frames.error("banned", "you are banned from this chat"));
        }
        if (now.isBefore(standing.mutedUntil())) {
            return new Refuse(frames.error(
                    "muted",
                    "you are muted",
                    Map.of("until", standing.mutedUntil().toString())));
        }
        if (!c.privileged()) {
            String ineligible = ineligibility(c.userId());
            if (ineligible != null) {
                c.eligible(false);
                return new Refuse(frames.error(
                        "not_eligible", "chat needs credits in your wallet", Map.of("reason", ineligible)));
            }
            c.eligible(true);
        }
        boolean paid = m.highlight() && properties.highlightCostMinor() > 0;
        if (paid && m.clientMsgId() == null) {
            return new Refuse(frames.error(
                    "client_msg_id_required",
                    "a paid highlighted message needs a client_msg_id (its idempotency key)"));
        }
        boolean alreadyPaid =
                paid && idempotency.find(c.userId().value(), highlightKey(c, m)).isPresent();
        if (!alreadyPaid) {
            var decision = limiter.tryAcquire(
                    c.userId().value(), c.streamId(), text, standing.slowModeS(), c.privileged(), now.toEpochMilli());
            if (!(decision instanceof Accepted)) {
                return new Refuse(refusal(decision));
            }
        }
        return new Proceed(text, paid, standing.slowModeS());
    }

    /** The error frame of a flood limit. */
    private String refusal(SendLimiter.Decision decision) {
        return switch (decision) {
            case Accepted a -> throw new IllegalArgumentException("an accepted message is not refused");
            case RateLimited r ->
                frames.error(
                        "rate_limited",
                        "at most " + r.limit() + " messages per " + r.windowS() + " s",
                        Map.of("retry_after_ms", r.retryAfterMs(), "limit", r.limit(), "window_s", r.windowS()));
            case Duplicate d -> frames.error("duplicate_message", "you just sent that");
            case SlowMode s ->
                frames.error(
                        "slow_mode",
                        "slow mode: one message per " + s.intervalS() + " s",
                        Map.of("retry_after_ms", s.retryAfterMs(), "interval_s", s.intervalS()));
        };
    }

    /** Why the user may not chat, or null when they may. */
    public String ineligibility(UserId user) {
        long[] wallet =
                reader.read(Wallet.class, user.value(), w -> new long[] {w.balanceMinor(), w.flagged() ? 1 : 0}, null);
        if (wallet == null || wallet[0] <= 0) {
            return "balance_zero";
        }
        if (wallet[1] == 1) {
            return "wallet_flagged";
        }
        return null;
    }

    private static String highlightKey(ChatConnection c, SendMessage m) {
        return "chat-highlight:" + c.streamId() + ":" + m.clientMsgId();
    }

    /** Debits the highlight through the ledger (a tip to the stream's creator), once per client_msg_id. */
    private Mono<Long> pay(ChatConnection c, SendMessage m, Proceed p) {
        if (!p.paid()) {
            return Mono.just(0L);
        }
        long cost = properties.highlightCostMinor();
        Actor actor = new Actor(c.userId(), Set.of());
        String key = highlightKey(c, m);
        return commands.blocking(() -> reader.read(Stream.class, c.streamId(), Stream::creatorId))
                .flatMap(creator -> commands.sendIdempotent(
                        actor,
                        key,
                        "chat-highlight",
                        c.streamId() + "\n" + p.text() + "\n" + cost,
                        new TipCreator(
                                c.userId(),
                                CommandSender.operationId(actor, key),
                                creator,
                                Credits.of(cost),
                                p.text(),
                                feePolicy),
                        WalletOutcome.class))
                .map(outcome -> cost);
    }

    private String store(ChatConnection c, SendMessage m, Proceed p, long paidMinor) {
        try {
            StoredMessage stored;
            if (paidMinor > 0) { // paid: the ledger charge is done, the message must show
                stored = store.insert(
                        c.streamId(),
                        c.userId().value(),
                        p.text(),
                        m.highlight(),
                        paidMinor,
                        m.clientMsgId(),
                        clock.instant());
            } else {
                var insert = store.insertWithinLimits(
                        c.streamId(),
                        c.userId().value(),
                        p.text(),
                        m.highlight(),
                        m.clientMsgId(),
                        clock.instant(),
                        new ChatMessageStore.Limits(
                                properties.rateLimitMessages(),
                                properties.rateLimitWindowS() * 1000,
                                properties.duplicateWindowS() * 1000,
                                p.slowModeS(),
                                c.privileged()));
                switch (insert) {
                    case ChatMessageStore.Inserted i -> stored = i.message();
                    case ChatMessageStore.Refused r -> {
                        return refusal(r.decision());
                    }
                }
            }
            fanout.toRoom(c.streamId(), frames.message(stored));
            return frames.ack(m.clientMsgId(), stored.id(), false);
        } catch (DuplicateKeyException e) { // a concurrent retry of the same client_msg_id won
            var existing = store.byClientId(c.streamId(), c.userId().value(), m.clientMsgId())
                    .orElseThrow(() -> e);
            return frames.ack(m.clientMsgId(), existing.id(), true);
        }
    }

    private String rejected(ChatConnection c, LedgerRejection e) {
        if (e.reason() == LedgerRejection.Reason.INSUFFICIENT_CREDITS) {
            return frames.error("insufficient_credits", "not enough credits for a highlighted message", e.details());
        }
        if (e.reason() == LedgerRejection.Reason.WALLET_FLAGGED) {
            c.eligible(false);
            return frames.error(
                    "not_eligible", "chat needs credits in your wallet", Map.of("reason", "wallet_flagged"));
        }
        return frames.error(
                "rejected", e.getMessage(), Map.of("reason", e.reason().name().toLowerCase()));
    }
}
