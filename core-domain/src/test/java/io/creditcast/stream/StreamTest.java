package io.creditcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.ProductKind;
import io.creditcast.stream.StreamCommands.AcceptPass;
import io.creditcast.stream.StreamCommands.CreateStream;
import io.creditcast.stream.StreamCommands.EndStream;
import io.creditcast.stream.StreamCommands.MarkIngestLost;
import io.creditcast.stream.StreamCommands.MarkStreamLive;
import io.creditcast.stream.StreamCommands.RecordAudience;
import io.creditcast.stream.StreamCommands.RecordRecordingReady;
import io.creditcast.stream.StreamCommands.RotateStreamKey;
import io.creditcast.stream.StreamCommands.TakeDownStream;
import io.creditcast.stream.StreamEvent.AudienceMeasured;
import io.creditcast.stream.StreamEvent.PassAccepted;
import io.creditcast.stream.StreamEvent.RecordingReady;
import io.creditcast.stream.StreamEvent.StreamCreated;
import io.creditcast.stream.StreamEvent.StreamEnded;
import io.creditcast.stream.StreamEvent.StreamKeyIssued;
import io.creditcast.stream.StreamEvent.StreamPaused;
import io.creditcast.stream.StreamEvent.StreamResumed;
import io.creditcast.stream.StreamEvent.StreamScheduled;
import io.creditcast.stream.StreamEvent.StreamTakenDown;
import io.creditcast.stream.StreamEvent.StreamWentLive;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given events → when a command → then events, or a typed rejection and no events. */
class StreamTest {
    static final String ID = "3f1c9a52-8a77-4f0e-9a61-1c1d2e3f4a5b";
    static final UserId CREATOR = new UserId("creator-1");
    static final UserId MODERATOR = new UserId("mod-1");
    static final StreamKey KEY = StreamKey.generate(ID);
    static final StreamKey NEW_KEY = StreamKey.generate(ID);
    static final StreamDetails DETAILS =
            new StreamDetails("jazz", List.of("live", "piano"), "pt-BR", null, AccessPolicy.METERED, null, true);

    AggregateTestFixture<Stream> fixture;
    Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Stream.class);
        now = fixture.currentTime();
    }

    Object[] created() {
        return new Object[] {
            new StreamCreated(ID, CREATOR, "Late show", "music", now),
            new StreamScheduled(ID, DETAILS, now),
            new StreamKeyIssued(ID, KEY.hash(), 1, CREATOR, now)
        };
    }

    Object[] live(String session) {
        Object[] c = created();
        return new Object[] {c[0], c[1], c[2], new StreamWentLive(ID, session, IngestProtocol.RTMP, now)};
    }

    Object[] ended(String session) {
        Object[] l = live(session);
        return new Object[] {l[0], l[1], l[2], l[3], new StreamEnded(ID, session, 0, now)};
    }

    @Test
    void creatingAStreamSchedulesItWithItsDetailsAndTheHashOfItsFirstKey() {
        fixture.givenNoPriorActivity()
                .when(new CreateStream(ID, CREATOR, "Late show", "music", DETAILS, KEY.hash()))
                .expectEvents(created());
    }

    @Test
    void theCreatorRotatesTheKeyAndOnlyTheNewKeyIsAccepted() {
        fixture.given(created())
                .when(new RotateStreamKey(ID, CREATOR, NEW_KEY.hash()))
                .expectEvents(new StreamKeyIssued(ID, NEW_KEY.hash(), 2, CREATOR, now))
                .expectState(s -> {
                    assertThat(s.authorizeIngest(KEY.hash()).accepted()).isFalse();
                    assertThat(s.authorizeIngest(NEW_KEY.hash()).accepted()).isTrue();
                });
    }

    @Test
    void someoneElseCannotRotateTheKey() {
        fixture.given(created())
                .when(new RotateStreamKey(ID, new UserId("other"), NEW_KEY.hash()))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
    }

    static Object[] with(Object[] events, Object next) {
        Object[] all = java.util.Arrays.copyOf(events, events.length + 1);
        all[events.length] = next;
        return all;
    }

    @Test
    void theCreatorAcceptsTheirOwnTicketsAndPassesOnceEach() {
        fixture.given(created())
                .when(new AcceptPass(ID, CREATOR, "ticket-1", CREATOR, ProductKind.TICKET))
                .expectEvents(new PassAccepted(ID, "ticket-1", ProductKind.TICKET, now))
                .expectState(s -> assertThat(s.passProductIds()).containsExactly("ticket-1"));
        fixture.given(with(created(), new PassAccepted(ID, "ticket-1", ProductKind.TICKET, now)))
                .when(new AcceptPass(ID, CREATOR, "ticket-1", CREATOR, ProductKind.TICKET))
                .expectNoEvents();
    }

    @Test
    void aStreamRefusesOthersProductsSubscriptionPeriodsOtherCallersAndTakenDownStreams() {
        fixture.given(created())
                .when(new AcceptPass(ID, CREATOR, "p", new UserId("other"), ProductKind.TICKET))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        fixture.given(created())
                .when(new AcceptPass(ID, CREATOR, "p", CREATOR, ProductKind.SUBSCRIPTION_PERIOD))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        fixture.given(created())
                .when(new AcceptPass(ID, new UserId("other"), "p", CREATOR, ProductKind.TICKET))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        fixture.given(with(
                        created(), new StreamTakenDown(ID, MODERATOR, "moderator", "r", StreamStatus.SCHEDULED, now)))
                .when(new AcceptPass(ID, CREATOR, "p", CREATOR, ProductKind.TICKET))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
    }

    @Test
    void aStreamAcceptsPassesUpToTheLimitAndNotOneMore() {
        List<Object> given = new java.util.ArrayList<>(List.of(created()));
        for (int i = 0; i < StreamCommands.MAX_PASSES_PER_STREAM - 1; i++) {
            given.add(new PassAccepted(ID, "pass-" + i, ProductKind.ACCESS_PASS, now));
        }
        fixture.given(given)
                .when(new AcceptPass(ID, CREATOR, "pass-last", CREATOR, ProductKind.ACCESS_PASS))
                .expectEvents(new PassAccepted(ID, "pass-last", ProductKind.ACCESS_PASS, now));
        given.add(new PassAccepted(ID, "pass-last", ProductKind.ACCESS_PASS, now));
        fixture.given(given)
                .when(new AcceptPass(ID, CREATOR, "pass-over", CREATOR, ProductKind.ACCESS_PASS))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        // one already accepted is still fine at the limit
        fixture.given(given)
                .when(new AcceptPass(ID, CREATOR, "pass-0", CREATOR, ProductKind.ACCESS_PASS))
                .expectNoEvents();
    }

    @Test
    void aScheduledStreamGoesLiveWhenTheWorkerAcceptsAPublisher() {
        fixture.given(created())
                .when(new MarkStreamLive(ID, "s1", IngestProtocol.RTMP))
                .expectEvents(new StreamWentLive(ID, "s1", IngestProtocol.RTMP, now))
                .expectState(s -> assertThat(s.status()).isEqualTo(StreamStatus.LIVE));
    }

    @Test
    void aRetriedWentLiveReportRecordsNothing() {
        fixture.given(live("s1"))
                .when(new MarkStreamLive(ID, "s1", IngestProtocol.RTMP))
                .expectNoEvents();
    }

    @Test
    void aSecondSessionWhileLiveIsRefused() {
        fixture.given(live("s1"))
                .when(new MarkStreamLive(ID, "s2", IngestProtocol.RTMP))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
    }

    @Test
    void lostIngestPausesAndAReconnectOfTheSameSessionResumes() {
        fixture.given(live("s1")).when(new MarkIngestLost(ID, "s1")).expectEvents(new StreamPaused(ID, "s1", now));
        fixture.given(live("s1"))
                .andGiven(new StreamPaused(ID, "s1", now))
                .when(new MarkStreamLive(ID, "s1", IngestProtocol.RTMP))
                .expectEvents(new StreamResumed(ID, "s1", now));
    }

    @Test
    void endingRecordsHowLongTheStreamWasLive() {
        fixture.given(live("s1")).when(new EndStream(ID, "s1")).expectEvents(new StreamEnded(ID, "s1", 0, now));
    }

    @Test
    void anEndedStreamCannotGoLiveAgainNorAcceptItsKey() {
        fixture.given(ended("s1"))
                .when(new MarkStreamLive(ID, "s2", IngestProtocol.RTMP))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        Stream ended = new Stream();
        for (Object e : ended("s1")) {
            apply(ended, (StreamEvent) e);
        }
        assertThat(ended.authorizeIngest(KEY.hash()).accepted()).isFalse();
        assertThat(ended.authorizeIngest(KEY.hash()).reason()).contains("ENDED");
    }

    private static void apply(Stream s, StreamEvent e) {
        switch (e) {
            case StreamCreated c -> s.on(c);
            case StreamScheduled c -> s.on(c);
            case StreamKeyIssued c -> s.on(c);
            case StreamWentLive c -> s.on(c);
            case StreamEnded c -> s.on(c);
            default -> throw new IllegalArgumentException(e.toString());
        }
    }

    @Test
    void aRecordingIsReadyOnlyAfterItsSessionEndedAndOnlyOnce() {
        fixture.given(ended("s1"))
                .when(new RecordRecordingReady(ID, "s1", 12_345, false))
                .expectEvents(new RecordingReady(ID, "s1", 12_345, false, now));
        fixture.given(ended("s1"))
                .andGiven(new RecordingReady(ID, "s1", 12_345, false, now))
                .when(new RecordRecordingReady(ID, "s1", 12_345, false))
                .expectNoEvents();
        fixture.given(live("s1"))
                .when(new RecordRecordingReady(ID, "s1", 1, false))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
    }

    @Test
    void audienceIsRecordedWhenItChangesWhileLive() {
        fixture.given(live("s1")).when(new RecordAudience(ID, 3, 0)).expectEvents(new AudienceMeasured(ID, 3, 0, now));
        fixture.given(live("s1"))
                .andGiven(new AudienceMeasured(ID, 3, 0, now))
                .when(new RecordAudience(ID, 3, 0))
                .expectNoEvents();
        fixture.given(created())
                .when(new RecordAudience(ID, 3, 0))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
    }

    @Test
    void aModeratorTakesALiveStreamDownWithActorRoleAndReason() {
        fixture.given(live("s1"))
                .when(new TakeDownStream(ID, MODERATOR, "moderator", "copyright claim"))
                .expectEvents(
                        new StreamTakenDown(ID, MODERATOR, "moderator", "copyright claim", StreamStatus.LIVE, now))
                .expectState(s ->
                        assertThat(s.authorizeIngest(KEY.hash()).accepted()).isFalse());
    }

    @Test
    void aViewerCannotTakeAStreamDownAndATakedownHappensOnce() {
        fixture.given(live("s1"))
                .when(new TakeDownStream(ID, CREATOR, "viewer", "spam"))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
        fixture.given(live("s1"))
                .andGiven(new StreamTakenDown(ID, MODERATOR, "moderator", "x", StreamStatus.LIVE, now))
                .when(new TakeDownStream(ID, MODERATOR, "admin", "again"))
                .expectException(LedgerRejection.class)
                .expectNoEvents();
    }

    @Test
    void theWorkerMayReportTheEndOfASessionATakedownCut() {
        fixture.given(live("s1"))
                .andGiven(new StreamTakenDown(ID, MODERATOR, "moderator", "x", StreamStatus.LIVE, now))
                .when(new EndStream(ID, "s1"))
                .expectNoEvents();
    }
}
