package io.creditcast.query.it;

import static io.creditcast.query.support.QueryApi.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.query.discovery.DiscoveryIndex;
import io.creditcast.query.support.CommandSide;
import io.creditcast.query.support.QueryApi;
import io.creditcast.query.support.QueryServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The query service against a real PostgreSQL and a real Elasticsearch: events a command service would
 * write are appended to the event store, then every read model is checked over HTTP, then each projection
 * is rebuilt by replay and must hash identically.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "logging.level.root=WARN",
            "logging.structured.format.console=",
            "creditcast.security.mode=dev-headers",
            "creditcast.query.fault-injection.enabled=true",
            "creditcast.query.processing.supervise-interval-ms=200"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadModelsIT {
    private static final String DB = QueryServiceTest.databaseWithEventStore("query_it");
    private static final String INDEX = QueryServiceTest.uniqueIndex("discovery-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("creditcast.query.database.url", () -> DB);
        registry.add("creditcast.query.database.username", () -> "postgres");
        registry.add("creditcast.query.database.password", () -> "postgres");
        registry.add("creditcast.query.elasticsearch.url", QueryServiceTest::elasticsearchUrl);
        registry.add("creditcast.query.elasticsearch.index", () -> INDEX);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcEventStorageEngine eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DiscoveryIndex discoveryIndex;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    TransactionManager transactions;

    @Autowired
    MeterRegistry meters;

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
        command.streamCreated("s-lofi", "carol", "Lofi beats to study", "music");
        command.streamCreated("s-speed", "dave", "Speedrun marathon", "gaming");
        command.after(60).deposit("alice", "pay-1", "stripe", 1000);
        command.deposit("bob", "pay-2", "coinbase", 500);
        command.after(60).sessionStarted("alice", "sess-1", "s-lofi", "carol", 2);
        for (int i = 0; i < 6; i++) {
            command.after(10).intervalDebited("alice", "sess-1", i, "s-lofi", "carol", 2);
        }
        command.tip("alice", "tip-1", "carol", 100);
        command.after(60).purchase("bob", "buy-1", "carol", 50);
        command.refund("bob", "pay-2", "ref-1", "coinbase", 100);
        command.adjust("alice", "adj-1", 5);
        command.after(60).settle("carol", 1, 12, 70, 35);
        command.payout("carol", "po-1", 50);
        command.payoutRequested("carol", "po-2", 20);
        command.payoutApproved("carol", "po-2", "admin-1", 1, false);
        command.payoutRequested("dave", "po-3", 10);
        command.payoutFailed("dave", "po-3", 10, "bank account closed");
        command.payoutRequested("carol", "po-4", 5);
        command.payoutApproved("carol", "po-4", "admin-1", 1, true);
        awaitCaughtUp();
    }

    // ---- wallet -------------------------------------------------------------------------------

    @Test
    @Order(1)
    void theBalanceIsTheWalletsLastBalanceWithTheLowBalanceSignal() {
        JsonNode b = api.get("/api/v1/wallet/balance", "alice", "viewer");
        assertThat(b.get("balance_minor").asLong()).isEqualTo(893).isEqualTo(command.balanceOf("alice"));
        assertThat(b.get("rate_per_interval_minor").asLong()).isEqualTo(2);
        assertThat(b.get("intervals_covered").asLong()).isEqualTo(446);
        assertThat(b.get("low_balance").asBoolean()).isFalse();
        JsonNode bob = api.get("/api/v1/wallet/balance", "bob", "viewer");
        assertThat(bob.get("balance_minor").asLong()).isEqualTo(350);
        JsonNode nobody = api.get("/api/v1/wallet/balance", "newcomer", "viewer");
        assertThat(nobody.get("balance_minor").asLong()).isZero();
        assertThat(nobody.get("low_balance").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void theLedgerPagesByCursorNewestFirstWithoutGapsOrRepeats() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(
                    "/api/v1/wallet/ledger?limit=4" + (cursor == null ? "" : "&cursor=" + cursor), "alice", "viewer");
            page.get("entries").forEach(e -> seen.add(e.get("global_index").asLong()));
            cursor = page.hasNonNull("next_cursor") ? page.get("next_cursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).hasSize(9).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(pages).isEqualTo(3);
    }

    @Test
    @Order(3)
    void pageSizesAreAcceptedAtTheCapAndRejectedOnePast() {
        http.get()
                .uri("/api/v1/wallet/ledger?limit=200")
                .headers(h -> as(h, "alice", "viewer"))
                .exchange()
                .expectStatus()
                .isOk();
        api.problem("/api/v1/wallet/ledger?limit=201", "alice", "viewer", 400, "validation", "limit");
        api.problem("/api/v1/wallet/ledger?limit=0", "alice", "viewer", 400, "validation", "limit");
        api.problem("/api/v1/wallet/ledger?cursor=not-a-cursor", "alice", "viewer", 400, "validation", "cursor");
    }

    @Test
    @Order(4)
    void aViewerCannotReadSomeoneElsesLedgerButAnAuditorCan() {
        api.problem("/api/v1/wallet/ledger?wallet=bob", "alice", "viewer", 403, "forbidden", null);
        assertThat(api.get("/api/v1/wallet/ledger?wallet=bob", "audrey", "auditor")
                        .get("entries"))
                .hasSize(3);
        api.problem("/api/v1/wallet/balance?wallet=ghost", "audrey", "auditor", 404, "unknown-wallet", null);
    }

    @Test
    @Order(5)
    void theLiveBalanceStreamStartsWithTheCurrentBalanceAndFollowsDeposits() {
        var result = http.get()
                .uri("/api/v1/wallet/stream")
                .headers(h -> as(h, "alice", "viewer"))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class);
        var events = result.getResponseBody()
                .filter(s -> s.contains("balance_minor"))
                .take(2)
                .doOnNext(s -> {
                    if (s.contains("893")) {
                        command.after(1).deposit("alice", "pay-live", "stripe", 7);
                    }
                })
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("\"balance_minor\":893");
        assertThat(events.get(1)).contains("\"balance_minor\":900");
        awaitCaughtUp();
    }

    // ---- auditor ------------------------------------------------------------------------------

    @Test
    @Order(10)
    void financeRoutesNeedTheAuditorOrAdminRole() {
        api.problem("/api/v1/audit/journal", "alice", "viewer", 403, "forbidden", null);
        http.get().uri("/api/v1/audit/journal").exchange().expectStatus().isUnauthorized();
        http.get()
                .uri("/api/v1/audit/journal")
                .headers(h -> as(h, "root", "admin"))
                .exchange()
                .expectStatus()
                .isOk();
        http.post()
                .uri("/api/v1/audit/journal")
                .headers(h -> as(h, "audrey", "auditor"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    @Order(11)
    void theJournalFiltersByAccountTypeReferenceAndTime() {
        assertThat(api.get("/api/v1/audit/journal?type=tip", "audrey", "auditor")
                        .get("entries"))
                .hasSize(3);
        assertThat(api.get("/api/v1/audit/journal?reference=pay-1", "audrey", "auditor")
                        .get("entries"))
                .hasSize(2);
        assertThat(api.get("/api/v1/audit/journal?account=wallet:bob", "audrey", "auditor")
                        .get("entries"))
                .hasSize(3);
        String from = T0.plusSeconds(60).toString();
        String to = T0.plusSeconds(61).toString();
        assertThat(api.get("/api/v1/audit/journal?from=" + from + "&to=" + to, "audrey", "auditor")
                        .get("entries"))
                .hasSize(4);
        api.problem("/api/v1/audit/journal?from=" + to + "&to=" + from, "audrey", "auditor", 400, "validation", "to");
        api.problem("/api/v1/audit/journal?type=gift", "audrey", "auditor", 400, "validation", "type");
        api.problem("/api/v1/audit/journal?account=BAD ACCOUNT", "audrey", "auditor", 400, "validation", "account");
    }

    @Test
    @Order(12)
    void balancesAsOfAnyInstantAndStatementsWithOpeningAndClosing() {
        assertThat(api.get("/api/v1/audit/accounts/wallet:alice/balance?at=" + T0, "audrey", "auditor")
                        .get("balance_minor")
                        .asLong())
                .isZero();
        // after the deposit and the six debits (T0+60 deposit, debits at T0+130..T0+180)
        assertThat(api.get("/api/v1/audit/accounts/wallet:alice/balance?at=" + T0.plusSeconds(181), "audrey", "auditor")
                        .get("balance_minor")
                        .asLong())
                .isEqualTo(1000 - 12 - 100);
        JsonNode st = api.get(
                "/api/v1/audit/accounts/wallet:alice/statement?from=" + T0.plusSeconds(120) + "&to="
                        + T0.plusSeconds(3600),
                "audrey",
                "auditor");
        assertThat(st.get("opening_balance_minor").asLong()).isEqualTo(1000);
        assertThat(st.get("closing_balance_minor").asLong()).isEqualTo(900);
        assertThat(st.get("debits_minor").asLong()).isEqualTo(112);
        assertThat(st.get("credits_minor").asLong()).isEqualTo(12);
        api.problem("/api/v1/audit/accounts/wallet:ghost/balance", "audrey", "auditor", 404, "unknown-account", null);
    }

    @Test
    @Order(13)
    void theTrialBalanceSumsToZero() {
        JsonNode tb = api.get("/api/v1/audit/trial-balance", "audrey", "auditor");
        assertThat(tb.get("total_minor").asLong()).isZero();
        assertThat(tb.get("balanced").asBoolean()).isTrue();
        assertThat(tb.get("kinds")).hasSizeGreaterThanOrEqualTo(5);
        JsonNode past = api.get("/api/v1/audit/trial-balance?at=" + T0.plusSeconds(61), "audrey", "auditor");
        assertThat(past.get("total_minor").asLong()).isZero();
    }

    @Test
    @Order(14)
    void reconciliationFindsNoDifferenceUntilTheReadModelIsTamperedWith() {
        JsonNode clean = api.get("/api/v1/audit/reconciliation", "audrey", "auditor");
        assertThat(clean.get("difference_count").asInt()).isZero();
        assertThat(clean.get("accounts_checked").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(clean.get("event_store_sum_minor").asLong()).isZero();
        jdbc.update(
                "UPDATE read.account_balance SET balance_minor = balance_minor + 1 WHERE account_id = 'wallet:bob'");
        try {
            JsonNode dirty = api.get("/api/v1/audit/reconciliation", "audrey", "auditor");
            assertThat(dirty.get("difference_count").asInt()).isEqualTo(1);
            assertThat(dirty.get("differences").get(0).get("account_id").asText())
                    .isEqualTo("wallet:bob");
            assertThat(dirty.get("differences").get(0).get("difference_minor").asLong())
                    .isEqualTo(1);
        } finally {
            jdbc.update(
                    "UPDATE read.account_balance SET balance_minor = balance_minor - 1 WHERE account_id = 'wallet:bob'");
        }
    }

    @Test
    @Order(15)
    void exportsStreamCsvAndJson() throws Exception {
        String csv = http.get()
                .uri("/api/v1/audit/journal/export?format=csv&account=wallet:alice")
                .headers(h -> as(h, "audrey", "auditor"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(new MediaType("text", "csv"))
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(csv.lines()).hasSize(1 + 10);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("global_index,leg,transaction_id");
        String json = http.get()
                .uri("/api/v1/audit/journal/export?format=json")
                .headers(h -> as(h, "audrey", "auditor"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode all = JSON.readTree(json);
        assertThat(all.isArray()).isTrue();
        assertThat(all).hasSize(jdbc.queryForObject("SELECT count(*) FROM read.journal", Integer.class));
        api.problem("/api/v1/audit/journal/export?format=xml", "audrey", "auditor", 400, "validation", "format");
    }

    // ---- earnings and revenue -------------------------------------------------------------------

    /**
     * A keep-alive connection answers a request sent the moment the previous response arrived, also when that
     * request is answered synchronously (a 400 from validation) after one answered from the database's thread.
     * Reactor Netty before 1.3.8 then stopped reading the connection: the next request waited until the client
     * gave up (seen as 30 s timeouts in CI, 2026-12-03; reactor-netty issue 4361).
     */
    @Test
    @Order(16)
    void keepAliveConnectionsAnswerRequestsSentRightAfterTheLastResponse() {
        WebTestClient quick =
                http.mutate().responseTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 600; i++) {
            quick.get()
                    .uri("/api/v1/audit/journal?type=tip")
                    .headers(h -> as(h, "audrey", "auditor"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult();
            quick.get()
                    .uri("/api/v1/audit/journal?type=gift")
                    .headers(h -> as(h, "audrey", "auditor"))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .returnResult();
        }
    }

    @Test
    @Order(20)
    void creatorsSeeTheirEarningsByDayAndSource() {
        LocalDate day = T0.atOffset(ZoneOffset.UTC).toLocalDate();
        JsonNode e = api.get(
                "/api/v1/creators/me/earnings?from=" + day.minusDays(1) + "&to=" + day.plusDays(1), "carol", "creator");
        Map<String, JsonNode> bySource = new LinkedHashMap<>();
        e.get("days").forEach(d -> bySource.merge(d.get("source").asText(), d, (a, b) -> a));
        assertThat(bySource).containsKeys("metering", "tips", "purchases");
        assertThat(sum(e, "metering", "gross_minor")).isEqualTo(12);
        assertThat(sum(e, "metering", "net_minor")).isEqualTo(12 - 3);
        assertThat(sum(e, "tips", "net_minor")).isEqualTo(70);
        assertThat(sum(e, "purchases", "net_minor")).isEqualTo(35);
        String csv = http.get()
                .uri("/api/v1/creators/me/earnings?format=csv&from=" + day + "&to=" + day)
                .headers(h -> as(h, "carol", "creator"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(csv).startsWith("day,source,gross_minor");
        api.problem(
                "/api/v1/creators/me/earnings?from=" + day + "&to=" + day, "alice", "viewer", 403, "forbidden", null);
        api.problem(
                "/api/v1/creators/me/earnings?from=" + day + "&to=" + day.plusDays(366),
                "carol",
                "creator",
                400,
                "validation",
                "to");
        http.get()
                .uri("/api/v1/creators/me/earnings?from=" + day + "&to=" + day.plusDays(365))
                .headers(h -> as(h, "carol", "creator"))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    @Order(22)
    void adminsSeeThePayoutQueueOldestFirstByStatusAndCreatorInPages() {
        JsonNode all = api.get("/api/v1/admin/payouts", "root", "admin");
        assertThat(all.get("payouts").findValuesAsText("payout_id")).containsExactly("po-1", "po-2", "po-3", "po-4");
        assertThat(all.get("next_cursor").isNull()).isTrue();
        JsonNode first = all.get("payouts").get(0);
        assertThat(first.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(first.get("provider_reference").asText()).isEqualTo("bank-ref-1");
        assertThat(first.get("amount_minor").asLong()).isEqualTo(50);
        JsonNode partly = all.get("payouts").get(1);
        assertThat(partly.get("status").asText()).isEqualTo("PENDING"); // one approval of two
        assertThat(partly.get("approvals").asInt()).isEqualTo(1);
        assertThat(partly.get("last_approver").asText()).isEqualTo("admin-1");
        assertThat(all.get("payouts").get(2).get("failure_reason").asText()).isEqualTo("bank account closed");
        assertThat(all.get("payouts").get(3).get("status").asText()).isEqualTo("APPROVED");

        assertThat(api.get("/api/v1/admin/payouts?status=PENDING", "root", "admin")
                        .get("payouts")
                        .findValuesAsText("payout_id"))
                .containsExactly("po-2");
        assertThat(api.get("/api/v1/admin/payouts?creator=dave", "audrey", "auditor")
                        .get("payouts")
                        .findValuesAsText("payout_id"))
                .containsExactly("po-3");

        // pages of 3 then 1, no gap or repeat
        JsonNode page1 = api.get("/api/v1/admin/payouts?limit=3", "root", "admin");
        assertThat(page1.get("payouts").findValuesAsText("payout_id")).containsExactly("po-1", "po-2", "po-3");
        JsonNode page2 = api.get(
                "/api/v1/admin/payouts?limit=3&cursor="
                        + page1.get("next_cursor").asText(),
                "root",
                "admin");
        assertThat(page2.get("payouts").findValuesAsText("payout_id")).containsExactly("po-4");
        assertThat(page2.get("next_cursor").isNull()).isTrue();

        api.get("/api/v1/admin/payouts?limit=200", "root", "admin");
        api.problem("/api/v1/admin/payouts?limit=201", "root", "admin", 400, "validation", "limit");
        api.problem("/api/v1/admin/payouts?limit=0", "root", "admin", 400, "validation", "limit");
        api.problem("/api/v1/admin/payouts?status=paid", "root", "admin", 400, "validation", "status");
        api.problem("/api/v1/admin/payouts?creator=" + "c".repeat(129), "root", "admin", 400, "validation", "creator");
        api.get("/api/v1/admin/payouts?creator=" + "c".repeat(128), "root", "admin");
        api.problem("/api/v1/admin/payouts?cursor=bogus", "root", "admin", 400, "validation", "cursor");
        api.problem("/api/v1/admin/payouts", "carol", "creator", 403, "forbidden", null);
    }

    @Test
    @Order(21)
    void adminsSeeRevenueByPaymentSourceAndPeriod() {
        LocalDate day = T0.atOffset(ZoneOffset.UTC).toLocalDate();
        JsonNode rows = api.get(
                "/api/v1/admin/revenue?period=month&from=" + day.minusDays(1) + "&to=" + day.plusDays(1),
                "root",
                "admin");
        Map<String, JsonNode> bySource = new LinkedHashMap<>();
        rows.forEach(r -> bySource.put(r.get("source").asText(), r));
        assertThat(bySource.get("card").get("deposits_minor").asLong()).isEqualTo(1007);
        assertThat(bySource.get("crypto").get("deposits_minor").asLong()).isEqualTo(500);
        assertThat(bySource.get("crypto").get("refunds_minor").asLong()).isEqualTo(100);
        assertThat(bySource.get("crypto").get("net_minor").asLong()).isEqualTo(400);
        api.get("/api/v1/admin/revenue?from=" + day + "&to=" + day, "audrey", "auditor");
        api.problem("/api/v1/admin/revenue?from=" + day + "&to=" + day, "carol", "creator", 403, "forbidden", null);
        api.problem(
                "/api/v1/admin/revenue?period=week&from=" + day + "&to=" + day,
                "root",
                "admin",
                400,
                "validation",
                "period");
    }

    // ---- stream analytics ---------------------------------------------------------------------

    @Test
    @Order(30)
    void streamAnalyticsCountViewersWatchTimeTipsAndRetention() {
        JsonNode a = api.get("/api/v1/streams/s-lofi/analytics", "carol", "creator");
        assertThat(a.get("peak_viewers").asLong()).isEqualTo(1);
        assertThat(a.get("unique_viewers").asLong()).isEqualTo(1);
        assertThat(a.get("total_watch_ms").asLong()).isEqualTo(60_000);
        assertThat(a.get("paid_minor").asLong()).isEqualTo(12);
        assertThat(a.get("tip_count").asLong()).isEqualTo(1);
        assertThat(a.get("ccu")).isNotEmpty();
        assertThat(a.get("retention").get(0).get("share").asDouble()).isEqualTo(1.0);
        api.problem("/api/v1/streams/s-lofi/analytics", "dave", "creator", 403, "forbidden", null);
        api.problem("/api/v1/streams/nope/analytics", "carol", "creator", 404, "unknown-stream", null);
        String from = T0.toString();
        api.problem(
                "/api/v1/streams/s-lofi/analytics?from=" + from + "&to=" + T0.plus(Duration.ofMinutes(1441)),
                "carol",
                "creator",
                400,
                "validation",
                "to");
    }

    @Test
    @Order(43)
    void aCreatorsProfileListsTheirStreamsLiveFirstWithSessionsPublicly() {
        await(() -> api.get("/api/v1/creators/carol/streams", null, null)
                .get("live")
                .asBoolean());
        JsonNode carol = api.get("/api/v1/creators/carol/streams", null, null);
        assertThat(carol.get("total_streams").asLong()).isEqualTo(1);
        JsonNode lofi = carol.get("streams").get(0);
        assertThat(lofi.get("stream_id").asText()).isEqualTo("s-lofi");
        assertThat(lofi.get("status").asText()).isEqualTo("live");
        assertThat(lofi.get("went_live_at").isNull()).isFalse();
        assertThat(lofi.get("viewing_sessions").asLong()).isEqualTo(1);
        assertThat(lofi.get("watch_ms").asLong()).isEqualTo(60_000);
        JsonNode nobody = api.get("/api/v1/creators/nobody/streams", null, null);
        assertThat(nobody.get("total_streams").asLong()).isZero();
        assertThat(nobody.get("streams")).isEmpty();
        assertThat(nobody.get("live").asBoolean()).isFalse();

        api.get("/api/v1/creators/carol/streams?limit=100", null, null);
        api.problem("/api/v1/creators/carol/streams?limit=101", null, null, 400, "validation", "limit");
        api.problem("/api/v1/creators/carol/streams?limit=0", null, null, 400, "validation", "limit");
        api.get("/api/v1/creators/" + "c".repeat(128) + "/streams", null, null);
        api.problem("/api/v1/creators/" + "c".repeat(129) + "/streams", null, null, 400, "validation", "creator_id");
    }

    // ---- discovery ----------------------------------------------------------------------------

    @Test
    @Order(40)
    void discoveryListsSearchesAndSuggests() {
        await(() -> api.get("/api/v1/streams", null, null).get("total").asLong() == 2);
        JsonNode lofi = api.get("/api/v1/search?q=lofi", null, null);
        assertThat(lofi.get("items").get(0).get("id").asText()).isEqualTo("s-lofi");
        // a typo still finds the stream
        JsonNode typo = api.get("/api/v1/search?q=speedrn&kind=stream", null, null);
        assertThat(typo.get("items").get(0).get("id").asText()).isEqualTo("s-speed");
        // a prefix of the last word
        assertThat(api.get("/api/v1/search?q=marat", null, null)
                        .get("items")
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo("s-speed");
        JsonNode suggest = api.get("/api/v1/search/suggest?prefix=Lof", null, null);
        assertThat(suggest.get(0).asText()).isEqualTo("Lofi beats to study");
        JsonNode categories = api.get("/api/v1/categories", null, null);
        assertThat(categories).hasSize(2);
        // query syntax is text
        http.get()
                .uri(u -> u.path("/api/v1/search")
                        .queryParam("q", "title:(lofi OR \"{")
                        .build())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    @Order(41)
    void onlineNowOrdersLiveStreamsByViewersAndFiltersByLanguage() {
        // live status and audience arrive as the media worker's facts (events); the language is set directly
        command.wentLive("s-lofi");
        command.audience("s-lofi", 5);
        command.wentLive("s-speed");
        command.audience("s-speed", 42);
        await(() -> {
            discoveryIndex.refresh();
            JsonNode items = api.get("/api/v1/streams?status=live", null, null).get("items");
            return items.size() == 2
                    && items.get(0).get("viewer_count").asLong() == 42
                    && items.get(1).get("viewer_count").asLong() == 5;
        });
        discoveryIndex.patch("stream:s-lofi", Map.of("language", "de"));
        discoveryIndex.patch("stream:s-speed", Map.of("language", "en"));
        discoveryIndex.refresh();
        JsonNode live = api.get("/api/v1/streams?status=live", null, null);
        assertThat(live.get("items").get(0).get("id").asText()).isEqualTo("s-speed");
        assertThat(live.get("items").get(1).get("id").asText()).isEqualTo("s-lofi");
        JsonNode german = api.get("/api/v1/streams?status=live&language=de", null, null);
        assertThat(german.get("items")).hasSize(1);
        assertThat(api.get("/api/v1/streams?category=gaming", null, null).get("items"))
                .hasSize(1);
    }

    @Test
    @Order(42)
    void discoveryPagesAreBounded() {
        http.get().uri("/api/v1/streams?size=50").exchange().expectStatus().isOk();
        api.problem("/api/v1/streams?size=51", null, null, 400, "validation", "size");
        http.get()
                .uri("/api/v1/streams?size=50&page=19")
                .exchange()
                .expectStatus()
                .isOk();
        api.problem("/api/v1/streams?size=50&page=20", null, null, 400, "validation", "page");
        api.problem("/api/v1/search?q=" + "x".repeat(201), null, null, 400, "validation", "q");
        api.problem("/api/v1/search?q= ", null, null, 400, "validation", "q");
        api.problem("/api/v1/streams?status=sleeping", null, null, 400, "validation", "status");
    }

    // ---- replay -------------------------------------------------------------------------------

    @Test
    @Order(50)
    void everyPostgresProjectionRebuildsByReplayToIdenticalContent() {
        Map<String, List<String>> tables = Map.of(
                "ledger", List.of("journal", "account_balance", "wallet", "payment", "revenue_day"),
                "earnings", List.of("creator_earnings_day", "payout"),
                "analytics", List.of("stream", "viewing_session", "stream_minute", "creator_tip_minute"));
        for (var projection : tables.entrySet()) {
            Map<String, String> before = hashes(projection.getValue());
            assertThat(before.values()).doesNotContainNull();
            http.post()
                    .uri("/api/v1/admin/projections/" + projection.getKey() + "/replay")
                    .headers(h -> as(h, "root", "admin"))
                    .exchange()
                    .expectStatus()
                    .isAccepted();
            awaitCaughtUp();
            assertThat(hashes(projection.getValue())).as(projection.getKey()).isEqualTo(before);
        }
        api.problem("/api/v1/admin/projections/nope", "root", "admin", 404, "not-found", null);
        http.post()
                .uri("/api/v1/admin/projections/ledger/replay")
                .headers(h -> as(h, "audrey", "auditor"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    @Order(52)
    void redeliveringEveryEventChangesNoRow() {
        Map<String, List<String>> tables = Map.of(
                "ledger", List.of("journal", "account_balance", "wallet", "payment", "revenue_day"),
                "earnings", List.of("creator_earnings_day", "payout"),
                "analytics", List.of("stream", "viewing_session", "stream_minute", "creator_tip_minute"));
        for (var projection : tables.entrySet()) {
            Map<String, String> before = hashes(projection.getValue());
            // rewind the token to the start without the reset handlers: every event arrives a second time
            TrackingEventProcessor processor = processing
                    .eventProcessor(projection.getKey(), TrackingEventProcessor.class)
                    .orElseThrow();
            processor.shutDown();
            transactions.executeInTransaction(() -> tokenStore.storeToken(null, projection.getKey(), 0));
            processor.start();
            await(() -> processor.processingStatus().values().stream()
                    .allMatch(s -> s.getCurrentPosition().orElse(-1) >= headIndex()));
            awaitCaughtUp();
            assertThat(hashes(projection.getValue())).as(projection.getKey()).isEqualTo(before);
        }
    }

    /**
     * Issue 7 §4, inside a running service: the ledger's processor thread dies of an Error at its first replayed
     * event (mid-batch), then its thread is interrupted while it waits for events. Axon leaves such a processor
     * stopped for good; the supervisor must start it again from its committed token, and the rebuilt rows must be
     * the live ones.
     */
    @Test
    @Order(53)
    void aProcessorThreadKilledMidReplayIsStartedAgainAndTheRebuildIsIdentical() {
        List<String> tables = List.of("journal", "account_balance", "wallet", "payment", "revenue_day");
        Map<String, String> before = hashes(tables);
        double restartsBefore = restarts("ledger");

        injectedFault("ledger", "crash").jsonPath("$.kind").isEqualTo("crash");
        http.post()
                .uri("/api/v1/admin/projections/ledger/replay")
                .headers(h -> as(h, "root", "admin"))
                .exchange()
                .expectStatus()
                .isAccepted();
        await(() -> restarts("ledger") >= restartsBefore + 1);
        awaitCaughtUp();
        assertThat(hashes(tables))
                .as("rebuilt after its thread died mid-replay")
                .isEqualTo(before);
        injectedFault("ledger", "clear").jsonPath("$.kind").isEqualTo("nothing armed");

        injectFault("ledger", "interrupt").expectBody().jsonPath("$.threads[0]").value(name -> assertThat((String) name)
                .startsWith("EventProcessor[ledger]"));
        TrackingEventProcessor processor = processing
                .eventProcessor("ledger", TrackingEventProcessor.class)
                .orElseThrow();
        await(processor::isRunning);
        awaitCaughtUp();
        command.deposit("frank", "pay-after-interrupt", "stripe", 1);
        await(() -> jdbc.queryForObject(
                        "SELECT count(*) FROM read.payment WHERE payment_id = 'pay-after-interrupt'", Long.class)
                == 1);

        injectFault("ledger", "explode").expectStatus().isNotFound();
        injectFault("nope", "crash").expectStatus().isNotFound();
        http.post()
                .uri("/api/v1/admin/projections/ledger/faults/crash")
                .headers(h -> as(h, "audrey", "auditor"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    private WebTestClient.ResponseSpec injectFault(String projection, String kind) {
        return http.post()
                .uri("/api/v1/admin/projections/" + projection + "/faults/" + kind)
                .headers(h -> as(h, "root", "admin"))
                .exchange();
    }

    private WebTestClient.BodyContentSpec injectedFault(String projection, String kind) {
        return injectFault(projection, kind).expectStatus().isAccepted().expectBody();
    }

    private double restarts(String projection) {
        return meters.get("creditcast.projection.restarts")
                .tag("processor", projection)
                .counter()
                .count();
    }

    private long headIndex() {
        return eventStore.createHeadToken().position().orElse(0);
    }

    @Test
    @Order(51)
    void theDiscoveryReplayBuildsANewGenerationAndSwitchesTheAlias() {
        String servingBefore = discoveryIndex.servingIndexForTests();
        http.post()
                .uri("/api/v1/admin/projections/discovery/replay")
                .headers(h -> as(h, "root", "admin"))
                .exchange()
                .expectStatus()
                .isAccepted();
        awaitCaughtUp();
        await(() -> !discoveryIndex.rebuildPending());
        assertThat(discoveryIndex.servingIndexForTests()).isNotEqualTo(servingBefore);
        await(() -> api.get("/api/v1/streams", null, null).get("total").asLong() == 2);
    }

    @Test
    @Order(61)
    void theApiIsDescribedByOpenApiAndHealthIsUp() {
        JsonNode docs = api.get("/v3/api-docs", null, null);
        assertThat(docs.get("paths").has("/api/v1/wallet/ledger")).isTrue();
        assertThat(docs.get("paths").has("/api/v1/audit/reconciliation")).isTrue();
        assertThat(api.get("/actuator/health", null, null).get("status").asText())
                .isEqualTo("UP");
    }

    @Test
    @Order(60)
    void projectionLagIsExportedForPrometheus() {
        String metrics = http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .contains("creditcast_projection_lag_seconds")
                .contains("creditcast_projection_behind_events");
    }

    /**
     * A transaction that took its global index before another one but commits after it (as a group-committed
     * metering batch does under load): the projections see the later index first, the late event then fills
     * the gap and must be projected under its own index. Keyed by the token's position (the highest index
     * seen) it collided with the other event's journal rows and was dropped.
     */
    @Test
    @Order(62)
    void streamStatusChangesArePushedAsTheyAreCommitted() {
        command.streamCreated("s-status", "erin", "Status stream", "music");
        var events = http.get()
                .uri("/api/v1/streams/status-events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(
                        new org.springframework.core.ParameterizedTypeReference<
                                org.springframework.http.codec.ServerSentEvent<String>>() {})
                .getResponseBody()
                .filter(e -> e.event() != null)
                .doOnNext(e -> {
                    if (e.event().equals("ready")) {
                        command.wentLive("s-status"); // only once listening: nothing can be missed
                    } else if (e.data().contains("\"live\"")) {
                        command.ended("s-status", 5_000);
                    }
                })
                .filter(e -> e.event().equals("status"))
                .take(2)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events)
                .extracting(e -> e.data())
                .containsExactly(
                        "{\"stream_id\":\"s-status\",\"status\":\"live\"}",
                        "{\"stream_id\":\"s-status\",\"status\":\"ended\"}");
        awaitCaughtUp();
    }

    @Test
    @Order(65)
    void anEventCommittedAfterAHigherIndexIsProjectedUnderItsOwnIndex() throws Exception {
        command.at(Instant.now()); // gaps are only tracked for recent events
        command.deposit("gap-alice", "pay-gap-alice", "stripe", 1_000);
        awaitCaughtUp();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        AtomicReference<Throwable> lateFailure = new AtomicReference<>();
        Thread late = new Thread(() -> {
            try {
                transactions.executeInTransaction(() -> {
                    command.tip("gap-alice", "tip-gap", "carol", 300);
                    appended.countDown();
                    try {
                        assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (Throwable t) {
                lateFailure.set(t);
                appended.countDown();
            }
        });
        late.start();
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();
        command.deposit("gap-bob", "pay-gap-bob", "stripe", 700); // a higher index, committed first
        long bobIndex = storedIndexOf("gap-bob", 0);
        await(() -> !journalIndexesOf("pay-gap-bob").isEmpty());
        commit.countDown();
        late.join(30_000);
        assertThat(lateFailure.get()).isNull();

        long tipIndex = storedIndexOf("gap-alice", 1);
        assertThat(tipIndex).isLessThan(bobIndex);
        await(() -> !journalIndexesOf("tip-gap").isEmpty());
        assertThat(journalIndexesOf("tip-gap")).containsOnly(tipIndex);
        assertThat(journalIndexesOf("pay-gap-bob")).containsOnly(bobIndex);
        assertThat(api.get("/api/v1/wallet/balance", "gap-alice", "viewer")
                        .get("balance_minor")
                        .asLong())
                .isEqualTo(700);
        // each processor fills the gap on its own schedule ("caught up" counts positions, not pending gaps)
        await(() -> jdbc.queryForList(
                        "SELECT target FROM read.applied_event WHERE global_index = ? ORDER BY target",
                        String.class,
                        tipIndex)
                .equals(List.of("creator_earnings_day", "creator_tip_minute")));
    }

    /** The global index the event store gave an aggregate's event. */
    private long storedIndexOf(String aggregateId, long sequenceNumber) {
        return jdbc.queryForObject(
                "SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?",
                Long.class,
                aggregateId,
                sequenceNumber);
    }

    /** The distinct global indexes the live journal holds for a reference. */
    private List<Long> journalIndexesOf(String reference) {
        return jdbc.queryForList(
                "SELECT DISTINCT global_index FROM read.journal WHERE reference = ? ORDER BY 1", Long.class, reference);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Map<String, String> hashes(List<String> tables) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : tables) {
            out.put(
                    t,
                    jdbc.queryForObject(
                            "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '')"
                                    + " FROM read." + t + " x",
                            String.class));
        }
        return out;
    }

    private static long sum(JsonNode earnings, String source, String field) {
        long total = 0;
        for (JsonNode d : earnings.get("days")) {
            if (d.get("source").asText().equals(source)) {
                total += d.get(field).asLong();
            }
        }
        return total;
    }

    private void awaitCaughtUp() {
        try {
            awaitCaughtUpOnce();
        } catch (AssertionError e) {
            throw new AssertionError(
                    "projections not caught up: " + api.get("/api/v1/admin/projections", "root", "admin"), e);
        }
    }

    private void awaitCaughtUpOnce() {
        await(() -> {
            JsonNode all = api.get("/api/v1/admin/projections", "root", "admin");
            for (JsonNode p : all) {
                if (p.get("behind_events").asLong() > 0
                        || p.get("replaying").asBoolean()
                        || !p.get("running").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
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
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("condition not met within 60 s");
    }
}
