package io.creditcast.ledger.wallet;

import static io.creditcast.ledger.account.AccountId.SETTLEMENT_CREATOR_INCOME;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.LedgerRejection.Reason;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.MeteringStops.Stop;
import io.creditcast.ledger.wallet.WalletCommands.DebitMeteredInterval;
import io.creditcast.ledger.wallet.WalletCommands.StartViewingSession;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import io.creditcast.ledger.wallet.WalletEvent.ViewingSessionStarted;
import io.creditcast.ledger.wallet.WalletEvent.WalletAdjusted;
import io.creditcast.ledger.wallet.WalletResults.MeterOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metering stop rule: nothing is billed after a takedown; after the end only an interval that could have started
 * before it (a late ping); an interval already paid is still answered as a replay.
 */
class MeteringStopTest {
    static final UserId VIEWER = new UserId("viewer-1");
    static final UserId CREATOR = new UserId("creator-1");
    static final String STREAM = "stream-1";
    static final long INTERVAL_MS = 10_000;

    final Map<String, Stop> stops = new HashMap<>();
    AggregateTestFixture<Wallet> fixture;
    Instant sessionStart;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Wallet.class);
        fixture.registerInjectableResource((MeteringStops) id -> stops.getOrDefault(id, Stop.NONE));
        sessionStart = fixture.currentTime().minusSeconds(60);
    }

    WalletAdjusted funded(long amount) {
        return new WalletAdjusted(
                VIEWER,
                "fund",
                amount,
                "test",
                new UserId("admin-1"),
                "adjustment:viewer-1:fund",
                List.of(
                        new Posting(AccountId.PLATFORM_ADJUSTMENTS, -amount),
                        new Posting(AccountId.wallet(VIEWER), amount)),
                amount,
                sessionStart);
    }

    ViewingSessionStarted session() {
        return new ViewingSessionStarted(VIEWER, "s1", STREAM, CREATOR, Credits.of(1), INTERVAL_MS, sessionStart);
    }

    IntervalDebited debited(long index, long balanceAfter, Instant at) {
        return new IntervalDebited(
                VIEWER,
                "s1",
                index,
                index * INTERVAL_MS,
                STREAM,
                CREATOR,
                Credits.of(1),
                "meter:viewer-1:s1:" + index,
                List.of(new Posting(AccountId.wallet(VIEWER), -1), new Posting(SETTLEMENT_CREATOR_INCOME, 1)),
                balanceAfter,
                at);
    }

    static DebitMeteredInterval ping(long index) {
        return new DebitMeteredInterval(VIEWER, "s1", index, index * INTERVAL_MS);
    }

    static Matcher<Throwable> rejectedFor(Reason reason) {
        return Matchers.allOf(
                Matchers.instanceOf(LedgerRejection.class),
                new FeatureMatcher<Throwable, Reason>(Matchers.equalTo(reason), "reason", "reason") {
                    @Override
                    protected Reason featureValueOf(Throwable actual) {
                        return ((LedgerRejection) actual).reason();
                    }
                });
    }

    @Test
    void a_ping_on_a_stream_that_is_on_is_debited() {
        fixture.given(funded(10), session()).when(ping(0)).expectEvents(debited(0, 9, fixture.currentTime()));
    }

    @Test
    void a_ping_after_a_takedown_is_refused_and_writes_nothing() {
        stops.put(STREAM, Stop.takenDown(sessionStart.plusSeconds(25)));
        fixture.given(funded(10), session(), debited(0, 9, sessionStart))
                .when(ping(1))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.STREAM_TAKEN_DOWN));
    }

    @Test
    void after_a_takedown_even_an_interval_that_started_before_it_is_not_billed() {
        stops.put(STREAM, Stop.takenDown(sessionStart.plusSeconds(25)));
        fixture.given(funded(10), session())
                .when(ping(0))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.STREAM_TAKEN_DOWN));
    }

    @Test
    void an_interval_paid_before_the_takedown_is_still_answered_as_a_replay() {
        stops.put(STREAM, Stop.takenDown(sessionStart.plusSeconds(25)));
        fixture.given(funded(10), session(), debited(0, 9, sessionStart))
                .when(ping(0))
                .expectNoEvents()
                .expectResultMessagePayload(new MeterOutcome("s1", 0, 0, 9, INTERVAL_MS, true));
    }

    @Test
    void after_the_end_a_late_ping_for_an_interval_that_started_before_it_is_debited() {
        // interval 2 could start at +20 s, the stream ended at +25 s
        stops.put(STREAM, Stop.ended(sessionStart.plusSeconds(25)));
        fixture.given(funded(10), session()).when(ping(2)).expectEvents(debited(2, 9, fixture.currentTime()));
    }

    @Test
    void after_the_end_an_interval_that_could_only_start_after_it_is_refused() {
        stops.put(STREAM, Stop.ended(sessionStart.plusSeconds(25)));
        fixture.given(funded(10), session())
                .when(ping(3))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.STREAM_ENDED));
    }

    @Test
    void an_interval_that_could_start_exactly_at_the_end_is_refused() {
        stops.put(STREAM, Stop.ended(sessionStart.plusSeconds(30)));
        fixture.given(funded(10), session())
                .when(ping(3))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.STREAM_ENDED));
    }

    @Test
    void an_interval_that_could_start_one_millisecond_before_the_end_is_debited() {
        stops.put(STREAM, Stop.ended(sessionStart.plusSeconds(30).plusMillis(1)));
        fixture.given(funded(10), session()).when(ping(3)).expectEvents(debited(3, 9, fixture.currentTime()));
    }

    @Test
    void a_takedown_after_the_end_refuses_even_late_pings() {
        stops.put(STREAM, new Stop(sessionStart.plusSeconds(25), sessionStart.plusSeconds(90)));
        fixture.given(funded(10), session())
                .when(ping(0))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.STREAM_TAKEN_DOWN));
    }

    static StartViewingSession newSession() {
        return new StartViewingSession(VIEWER, "s2", STREAM, CREATOR, Credits.of(1), INTERVAL_MS);
    }

    @Test
    void a_new_session_on_a_stream_that_was_taken_down_is_refused() {
        stops.put(STREAM, Stop.takenDown(sessionStart));
        fixture.given(funded(10))
                .when(newSession())
                .expectNoEvents()
                .expectException(rejectedFor(Reason.STREAM_TAKEN_DOWN));
    }

    @Test
    void a_new_session_on_a_stream_that_ended_is_refused() {
        stops.put(STREAM, Stop.ended(sessionStart));
        fixture.given(funded(10)).when(newSession()).expectNoEvents().expectException(rejectedFor(Reason.STREAM_ENDED));
    }

    @Test
    void a_session_started_before_the_takedown_is_still_answered_as_a_replay() {
        stops.put(STREAM, Stop.takenDown(sessionStart.plusSeconds(25)));
        fixture.given(funded(10), session())
                .when(new StartViewingSession(VIEWER, "s1", STREAM, CREATOR, Credits.of(1), INTERVAL_MS))
                .expectNoEvents()
                .expectResultMessagePayload(new WalletResults.WalletOutcome("session:s1", 10, false, true));
    }
}
