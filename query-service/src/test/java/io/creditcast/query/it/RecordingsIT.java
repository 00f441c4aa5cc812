package io.creditcast.query.it;

import static io.creditcast.query.support.QueryApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.query.recording.RecordingsController;
import io.creditcast.query.support.CommandSide;
import io.creditcast.query.support.QueryApi;
import io.creditcast.query.support.QueryServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The recordings list against a real PostgreSQL (no Elasticsearch: discovery is off): RecordingReady facts appended
 * to the event store are listed for their creator only (admins: everyone's), newest first, with a page-size limit
 * tested at and one past {@link RecordingsController#MAX_PAGE_SIZE}, and rebuilt identically by a replay.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.root=WARN",
            "logging.structured.format.console=",
            "creditcast.security.mode=dev-headers",
            "creditcast.query.elasticsearch.enabled=false",
            "creditcast.query.recordings.media-base-url=https://media.test/"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingsIT {
    private static final String DB = QueryServiceTest.databaseWithEventStore("recordings_it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
    /** Carol's recordings: one more than a full page. */
    private static final int CAROL = RecordingsController.MAX_PAGE_SIZE + 1;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("creditcast.query.database.url", () -> DB);
        registry.add("creditcast.query.database.username", () -> "postgres");
        registry.add("creditcast.query.database.password", () -> "postgres");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcEventStorageEngine eventStore;

    @Autowired
    JdbcTemplate jdbc;

    WebTestClient http;
    QueryApi api;
    CommandSide command;

    @BeforeAll
    void produceEvents() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        api = new QueryApi(http);
        command = new CommandSide(eventStore, T0);
        for (int i = 0; i < CAROL; i++) {
            String id = "carol-" + i;
            command.streamCreated(id, "carol", "Carol's show " + i, "music");
            command.after(1).wentLive(id);
            command.after(60).ended(id, 60_000);
            command.recordingReady(id, 59_000 + i, i % 2 == 0);
        }
        command.streamCreated("dave-1", "dave", "Dave's speedrun", "gaming");
        command.after(1).wentLive("dave-1");
        command.after(60).ended("dave-1", 60_000);
        command.recordingReady("dave-1", 120_500, true);
        // live, never recorded: not listed
        command.streamCreated("dave-live", "dave", "Still live", "gaming");
        command.after(1).wentLive("dave-live");
        await(() -> jdbc.queryForObject("SELECT count(*) FROM read.recording", Long.class) == CAROL + 1);
    }

    @Test
    @Order(1)
    void a_creator_sees_only_their_own_recordings_newest_first_with_duration_time_and_urls() {
        JsonNode page = api.get("/api/v1/recordings?limit=2", "dave", "creator");
        JsonNode items = page.get("recordings");
        assertThat(items).hasSize(1);
        JsonNode r = items.get(0);
        assertThat(r.get("stream_id").asText()).isEqualTo("dave-1");
        assertThat(r.get("stream_title").asText()).isEqualTo("Dave's speedrun");
        assertThat(r.get("creator_id").asText()).isEqualTo("dave");
        assertThat(r.get("duration_ms").asLong()).isEqualTo(120_500);
        assertThat(Instant.parse(r.get("created_at").asText())).isAfter(T0);
        assertThat(r.get("vod_playlist_url").asText()).isEqualTo("https://media.test/vod/dave-1/master.m3u8");
        assertThat(r.get("mp4_url").asText()).isEqualTo("https://media.test/vod/dave-1/recording.mp4");
        assertThat(page.get("next_cursor").isNull()).isTrue();

        JsonNode carol =
                api.get("/api/v1/recordings?limit=2", "carol", "creator").get("recordings");
        // newest first; even indexes were remuxed to MP4, odd ones were not
        assertThat(carol.get(0).get("stream_id").asText()).isEqualTo("carol-" + (CAROL - 1));
        assertThat(carol.get(0).get("mp4_url").asText())
                .isEqualTo("https://media.test/vod/carol-" + (CAROL - 1) + "/recording.mp4");
        assertThat(carol.get(1).get("stream_id").asText()).isEqualTo("carol-" + (CAROL - 2));
        assertThat(carol.get(1).get("mp4_url").isNull()).isTrue();
    }

    @Test
    @Order(2)
    void a_full_page_at_the_limit_then_the_rest_through_the_cursor_and_one_past_the_limit_is_400() {
        int max = RecordingsController.MAX_PAGE_SIZE;
        JsonNode first = api.get("/api/v1/recordings?limit=" + max, "carol", "creator");
        assertThat(first.get("recordings")).hasSize(max);
        String cursor = first.get("next_cursor").asText();
        JsonNode second = api.get("/api/v1/recordings?limit=" + max + "&cursor=" + cursor, "carol", "creator");
        assertThat(second.get("recordings")).hasSize(CAROL - max);
        assertThat(second.get("next_cursor").isNull()).isTrue();

        Set<String> seen = new HashSet<>();
        List<JsonNode> all = new ArrayList<>();
        first.get("recordings").forEach(all::add);
        second.get("recordings").forEach(all::add);
        all.forEach(n -> seen.add(n.get("stream_id").asText()));
        assertThat(seen).hasSize(CAROL).allMatch(id -> id.startsWith("carol-"));

        api.problem("/api/v1/recordings?limit=" + (max + 1), "carol", "creator", 400, "validation", "limit");
        api.problem("/api/v1/recordings?limit=0", "carol", "creator", 400, "validation", "limit");
        api.problem("/api/v1/recordings?cursor=not-ours", "carol", "creator", 400, "validation", "cursor");
        // the default page
        assertThat(api.get("/api/v1/recordings", "carol", "creator").get("recordings"))
                .hasSize(RecordingsController.DEFAULT_PAGE_SIZE);
    }

    @Test
    @Order(3)
    void another_creators_recordings_are_forbidden_admins_see_everyones_and_viewers_none() {
        api.problem("/api/v1/recordings?creator_id=carol", "dave", "creator", 403, "forbidden", null);
        assertThat(api.get("/api/v1/recordings?creator_id=dave", "dave", "creator")
                        .get("recordings"))
                .hasSize(1);

        JsonNode admin = api.get("/api/v1/recordings?limit=" + RecordingsController.MAX_PAGE_SIZE, "root", "admin");
        JsonNode rest = api.get(
                "/api/v1/recordings?limit=100&cursor="
                        + admin.get("next_cursor").asText(),
                "root",
                "admin");
        assertThat(admin.get("recordings").size() + rest.get("recordings").size())
                .isEqualTo(CAROL + 1);
        assertThat(api.get("/api/v1/recordings?creator_id=dave", "root", "admin")
                        .get("recordings"))
                .hasSize(1);

        http.get()
                .uri("/api/v1/recordings")
                .headers(h -> as(h, "vic", "viewer"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    @Order(50)
    void a_replay_of_the_analytics_projection_rebuilds_the_recordings_identically() {
        String before = hash();
        http.post()
                .uri("/api/v1/admin/projections/analytics/replay")
                .headers(h -> as(h, "root", "admin"))
                .exchange()
                .expectStatus()
                .isAccepted();
        await(() -> {
            JsonNode all = api.get("/api/v1/admin/projections", "root", "admin");
            for (JsonNode p : all) {
                if (p.get("behind_events").asLong() > 0 || p.get("replaying").asBoolean()) {
                    return false;
                }
            }
            return hash().equals(before);
        });
        assertThat(hash()).isEqualTo(before);
    }

    private String hash() {
        return jdbc.queryForObject(
                "SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY stream_id), '')) FROM read.recording r",
                String.class);
    }

    private static void await(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (AssertionError | RuntimeException e) {
                // not yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("condition not met within 60 s");
    }
}
