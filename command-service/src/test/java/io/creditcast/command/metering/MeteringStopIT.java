package io.creditcast.command.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.IntervalDebited;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Metering stops with the stream: refused after a takedown, late pings only after the end (docs/events.md). */
@CommandServiceTest
class MeteringStopIT extends CommandServiceTest.Base {
    static final String INTERNAL = "/api/v1/internal/media";
    static final String TAKEN_DOWN = "https://creditcast.io/problems/stream-taken-down";
    static final String ENDED = "https://creditcast.io/problems/stream-ended";

    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String viewer;
    String stream;
    String session;

    @BeforeEach
    void setUp() {
        api = new Api(client, jdbc);
        viewer = Api.unique("viewer");
        stream = api.createStream(Api.unique("creator"), "music");
        api.fund(viewer, 100);
        session = api.startSession(viewer, stream);
    }

    WebTestClient.ResponseSpec takeDown(String streamId) {
        return api.post(
                        "mod-1",
                        "moderator",
                        "/api/v1/streams/" + streamId + "/takedown",
                        Map.of("reason", "spam"),
                        null)
                .exchange();
    }

    void fact(Map<String, Object> fact) {
        api.post("media-worker", "service", INTERNAL + "/streams/" + stream + "/facts", fact, null)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void a_ping_before_the_takedown_is_debited_and_one_after_is_refused_with_409_and_nothing_posted() {
        api.meter(viewer, session, 0)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.remaining_credits")
                .isEqualTo(99);
        takeDown(stream).expectStatus().isOk();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM stream_metering_stop WHERE stream_id = ? AND taken_down_at IS NOT NULL",
                        Long.class,
                        stream))
                .isOne();
        long before = api.eventsTotal();

        api.meter(viewer, session, 1)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TAKEN_DOWN)
                .jsonPath("$.stream_id")
                .isEqualTo(stream)
                .jsonPath("$.taken_down_at")
                .exists();

        assertThat(api.eventsTotal()).isEqualTo(before);
        assertThat(api.eventsOfType(viewer, IntervalDebited.class)).isOne();
        assertThat(api.balance(viewer)).isEqualTo(99);
    }

    @Test
    void a_retry_of_a_ping_accepted_before_the_takedown_still_gets_its_answer_and_posts_nothing() {
        api.meter(viewer, session, 0).expectStatus().isOk();
        takeDown(stream).expectStatus().isOk();
        long before = api.eventsTotal();

        api.meter(viewer, session, 0)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.interval_index")
                .isEqualTo(0)
                .jsonPath("$.replayed")
                .isEqualTo(true)
                .jsonPath("$.remaining_credits")
                .isEqualTo(99)
                .jsonPath("$.next_allowed_ms")
                .isEqualTo(10_000);
        assertThat(api.eventsTotal()).isEqualTo(before);
    }

    @Test
    void after_the_end_a_late_ping_for_an_interval_that_started_before_it_is_debited_and_a_later_one_refused() {
        fact(Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"));
        fact(Map.of("type", "ENDED", "ingest_session_id", "s1"));

        // the session started moments before the end: interval 0 was watched live, its ping is merely late
        api.meter(viewer, session, 0)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.replayed")
                .isEqualTo(false);
        // interval 60 could start 10 minutes after the session did, long after the end
        long before = api.eventsTotal();
        api.meter(viewer, session, 60)
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ENDED)
                .jsonPath("$.ended_at")
                .exists();
        assertThat(api.eventsTotal()).isEqualTo(before);
        assertThat(api.balance(viewer)).isEqualTo(99);
    }

    @Test
    void no_new_session_opens_on_a_stream_that_was_taken_down_or_ended() {
        takeDown(stream).expectStatus().isOk();
        api.post(viewer, "viewer", "/api/v1/viewing-sessions", Map.of("stream_id", stream), null)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TAKEN_DOWN);

        String other = api.createStream(Api.unique("creator"), "music");
        api.post(
                        "media-worker",
                        "service",
                        INTERNAL + "/streams/" + other + "/facts",
                        Map.of("type", "WENT_LIVE", "ingest_session_id", "s1", "protocol", "RTMP"),
                        null)
                .exchange()
                .expectStatus()
                .isOk();
        api.post(
                        "media-worker",
                        "service",
                        INTERNAL + "/streams/" + other + "/facts",
                        Map.of("type", "ENDED", "ingest_session_id", "s1"),
                        null)
                .exchange()
                .expectStatus()
                .isOk();
        api.post(viewer, "viewer", "/api/v1/viewing-sessions", Map.of("stream_id", other), null)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(ENDED);
    }

    /**
     * Viewers keep pinging while a moderator takes the stream down: every ping sent after the takedown was answered
     * is refused, and exactly the pings answered 200 (not replayed) are posted — none lost, none extra.
     */
    @Test
    void pings_racing_a_takedown_are_never_debited_once_the_takedown_has_answered() throws Exception {
        int viewers = 4;
        List<String[]> sessions = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            String v = Api.unique("racer");
            api.fund(v, 1_000);
            sessions.add(new String[] {v, api.startSession(v, stream)});
        }
        record Answer(String viewer, long sentAtNanos, int status, boolean replayed) {}
        var answers = new ConcurrentLinkedQueue<Answer>();
        var stop = new AtomicBoolean();
        var takenDownAt = new AtomicLong(Long.MAX_VALUE);
        var warmedUp = new CountDownLatch(viewers);
        ExecutorService pool = Executors.newFixedThreadPool(viewers);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String[] s : sessions) {
                runs.add(pool.submit(() -> {
                    long refusedAfterTakedown = 0;
                    for (long index = 0; index < 8_000 && !stop.get() && refusedAfterTakedown < 3; index++) {
                        long sentAt = System.nanoTime();
                        var result = api.meter(s[0], s[1], index)
                                .expectBody(Map.class)
                                .returnResult();
                        int status = result.getStatus().value();
                        Map<?, ?> body = result.getResponseBody();
                        answers.add(new Answer(
                                s[0], sentAt, status, status == 200 && Boolean.TRUE.equals(body.get("replayed"))));
                        if (index == 2) {
                            warmedUp.countDown();
                        }
                        if (sentAt > takenDownAt.get()) {
                            refusedAfterTakedown++;
                        }
                    }
                    return null;
                }));
            }
            assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
            takeDown(stream).expectStatus().isOk();
            takenDownAt.set(System.nanoTime());
            for (Future<?> run : runs) {
                run.get(Duration.ofSeconds(120).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }

        long cut = takenDownAt.get();
        List<Answer> after = answers.stream().filter(a -> a.sentAtNanos() > cut).toList();
        assertThat(after).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isEqualTo(409));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(200, 409));
        for (String[] s : sessions) {
            long accepted = answers.stream()
                    .filter(a -> a.viewer().equals(s[0]) && a.status() == 200 && !a.replayed())
                    .count();
            assertThat(api.eventsOfType(s[0], IntervalDebited.class)).isEqualTo(accepted);
            assertThat(api.balance(s[0])).isEqualTo(1_000 - accepted);
        }
    }
}
