package io.creditcast.command.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.TipSent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Settlement against the global index's holes: an income event whose transaction commits after the run
 * that covered its index is settled by a later run, exactly once; a rolled-back one never; and the job's
 * advisory lock is never left behind on a pooled connection.
 */
@CommandServiceTest
class SettlementGapsIT extends CommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    SettlementJob settlement;

    @Test
    void an_income_event_committed_after_its_range_was_settled_is_settled_by_a_later_run_exactly_once()
            throws SQLException {
        Api api = new Api(client, jdbc);
        String creator = Api.unique("creator");
        api.createStream(creator, "music");
        String viewer = Api.unique("viewer");
        api.fund(viewer, 1_000);
        tip(api, viewer, creator, "t1"); // 50 → 35 to the creator after the 30% fee
        settleEverythingCommitted();
        assertThat(settledBalance(creator)).isEqualTo(35);

        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            long held = insertCopyOfTip(slow, viewer); // in flight: its index is taken, not yet visible
            tip(api, viewer, creator, "t2"); // commits a higher index
            settleEverythingCommitted();
            assertThat(settledBalance(creator)).isEqualTo(70);
            assertThat(openHole(held))
                    .as("the in-flight index is recorded as a hole")
                    .isTrue();

            slow.commit(); // the late event appears in the hole
        }
        settleEverythingCommitted();
        assertThat(settledBalance(creator)).isEqualTo(105);
        settleEverythingCommitted();
        assertThat(settledBalance(creator)).as("a filled hole is settled once").isEqualTo(105);
    }

    @Test
    void a_rolled_back_transaction_leaves_a_hole_that_is_never_settled() throws SQLException {
        Api api = new Api(client, jdbc);
        String creator = Api.unique("creator");
        api.createStream(creator, "music");
        String viewer = Api.unique("viewer");
        api.fund(viewer, 1_000);
        tip(api, viewer, creator, "t1");
        settleEverythingCommitted();

        long held;
        try (Connection doomed = dataSource.getConnection()) {
            doomed.setAutoCommit(false);
            held = insertCopyOfTip(doomed, viewer);
            tip(api, viewer, creator, "t2");
            settleEverythingCommitted();
            doomed.rollback();
        }
        settleEverythingCommitted();
        assertThat(settledBalance(creator)).isEqualTo(70);
        assertThat(openHole(held)).isTrue();
    }

    @Test
    void the_advisory_lock_is_released_on_the_connection_that_took_it_and_a_second_holder_blocks_the_job()
            throws SQLException {
        for (int i = 0; i < 20; i++) {
            settlement.settleOnce();
            assertThat(advisoryLocksHeld()).isZero();
        }
        try (Connection other = dataSource.getConnection()) {
            try (var ps = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, 0x5e771e);
                ps.execute();
            }
            assertThat(settlement.settleOnce())
                    .as("another instance holds the lock")
                    .isNull();
            try (var ps = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, 0x5e771e);
                ps.execute();
            }
        }
        assertThat(advisoryLocksHeld()).isZero();
    }

    /** A run only goes up to the index observed at the previous tick: three ticks settle what is committed. */
    private void settleEverythingCommitted() {
        for (int i = 0; i < 3; i++) {
            settlement.settleOnce();
        }
    }

    private void tip(Api api, String viewer, String creator, String key) {
        api.post(viewer, "viewer", "/api/v1/tips", Map.of("creator_id", creator, "amount_minor", 50), key)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** Stores, in the caller's open transaction, a copy of the viewer's first tip under a new index. */
    private static long insertCopyOfTip(Connection connection, String viewer) throws SQLException {
        try (var ps = connection.prepareStatement(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,"
                        + " payload, payloadrevision, payloadtype, timestamp)"
                        + " SELECT ?, 0, type, ?, metadata, payload, payloadrevision, payloadtype, timestamp"
                        + " FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?"
                        + " ORDER BY globalindex LIMIT 1 RETURNING globalindex")) {
            ps.setString(1, "late-" + UUID.randomUUID());
            ps.setString(2, UUID.randomUUID().toString());
            ps.setString(3, viewer);
            ps.setString(4, TipSent.class.getName());
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private boolean openHole(long index) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM settlement_gap WHERE gap_index = ? AND filled_by_run IS NULL",
                        Long.class,
                        index)
                == 1;
    }

    private long advisoryLocksHeld() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ?", Long.class, 0x5e771e);
    }

    private long settledBalance(String creator) {
        Map<?, ?> body = client.get()
                .uri("/api/v1/creators/me/earnings")
                .header("X-Creditcast-User", creator)
                .header("X-Creditcast-Roles", "creator")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return ((Number) body.get("balance_minor")).longValue();
    }
}
