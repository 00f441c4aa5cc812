package io.creditcast.command.metering;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.rates.MeteringRates;
import io.creditcast.ledger.wallet.WalletCommands.DebitMeteredInterval;
import io.creditcast.ledger.wallet.WalletCommands.StartViewingSession;
import io.creditcast.ledger.wallet.WalletResults.MeterOutcome;
import io.creditcast.stream.Stream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Metered viewing: open a session on a stream, then pay for each interval with a ping. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "metering")
public class MeteringController {
    private final CommandSender commands;
    private final MeteringBatcher batcher;
    private final AggregateReader reader;
    private final long intervalMs;

    public MeteringController(
            CommandSender commands, MeteringBatcher batcher, AggregateReader reader, CreditcastProperties properties) {
        this.commands = commands;
        this.batcher = batcher;
        this.reader = reader;
        this.intervalMs = properties.metering().intervalMs();
    }

    public record StartSessionRequest(@NotBlank @Size(max = 64) String streamId) {}

    public record SessionResponse(
            String sessionId, String streamId, String creatorId, long rateMinor, long intervalMs) {}

    public record MeterRequest(
            @NotBlank @Size(max = 64) String sessionId,
            @NotNull @PositiveOrZero @Max(8_639) Long intervalIndex,
            @NotNull @PositiveOrZero @Max(86_400_000) Long playbackMs) {}

    public record MeterResponse(
            String sessionId,
            long intervalIndex,
            long debitedMinor,
            long remainingCredits,
            long nextAllowedMs,
            boolean replayed) {
        static MeterResponse of(MeterOutcome o) {
            return new MeterResponse(
                    o.sessionId(),
                    o.intervalIndex(),
                    o.debitedMinor(),
                    o.remainingCredits(),
                    o.nextAllowedMs(),
                    o.replayed());
        }
    }

    private record StreamFacts(UserId creatorId, String category) {}

    @PostMapping("/viewing-sessions")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Start a metered viewing session; the rate is fixed for the session")
    public Mono<SessionResponse> startSession(@Valid @RequestBody StartSessionRequest request, Authentication auth) {
        Actor viewer = Actor.of(auth);
        String sessionId = UUID.randomUUID().toString();
        return commands.blocking(() -> {
                    StreamFacts stream = readStream(request.streamId());
                    Credits rate = reader.read(
                            MeteringRates.class,
                            MeteringRates.RATE_CARD_ID,
                            rates -> rates.rateFor(stream.creatorId(), stream.category()),
                            MeteringRates.DEFAULT_RATE);
                    return new StartViewingSession(
                            viewer.userId(), sessionId, request.streamId(), stream.creatorId(), rate, intervalMs);
                })
                .flatMap(cmd -> commands.send(cmd)
                        .thenReturn(new SessionResponse(
                                sessionId,
                                cmd.streamId(),
                                cmd.creatorId().value(),
                                cmd.ratePerInterval().minor(),
                                intervalMs)));
    }

    @PostMapping("/meter")
    @Operation(
            summary = "Pay for one viewing interval",
            description =
                    "Idempotent by (session_id, interval_index); answers the remaining credits and when the next ping is due. 402 when credits cannot cover the interval.")
    public Mono<MeterResponse> meter(@Valid @RequestBody MeterRequest request, Authentication auth) {
        Actor viewer = Actor.of(auth);
        var cmd = new DebitMeteredInterval(
                viewer.userId(), request.sessionId(), request.intervalIndex(), request.playbackMs());
        return Mono.fromFuture(() -> batcher.submit(cmd)).map(MeterResponse::of);
    }

    private StreamFacts readStream(String streamId) {
        try {
            return reader.read(Stream.class, streamId, s -> new StreamFacts(s.creatorId(), s.category()));
        } catch (AggregateNotFoundException e) {
            throw new LedgerRejection(LedgerRejection.Reason.UNKNOWN_STREAM, "no stream " + streamId);
        }
    }
}
