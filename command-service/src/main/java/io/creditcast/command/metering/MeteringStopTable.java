package io.creditcast.command.metering;

import io.creditcast.ledger.wallet.MeteringStops;
import io.creditcast.stream.StreamEvent.StreamEnded;
import io.creditcast.stream.StreamEvent.StreamTakenDown;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code stream_metering_stop}: when each stream ended and was taken down. Written by this class's event handlers
 * in the subscribing processor {@value #GROUP}, i.e. in the transaction that stores {@code StreamEnded} /
 * {@code StreamTakenDown}; read by the {@code Wallet} (as {@link MeteringStops}) inside each ping's transaction.
 * Under READ COMMITTED a ping whose check runs after the takedown committed sees it; a ping whose check ran just
 * before is ordered before the takedown (the takedown reads nothing the ping writes, so that order is
 * serializable).
 *
 * <p>Within one unit of work (a metering batch of up to {@code max-batch-size} pings) each stream is read once:
 * a popular stream costs one primary-key lookup per batch, not one per ping.
 */
@ProcessingGroup(MeteringStopTable.GROUP)
public class MeteringStopTable implements MeteringStops {
    public static final String GROUP = "metering-stops";
    private static final String RESOURCE = MeteringStopTable.class.getName() + ".read";

    private final JdbcTemplate jdbc;

    public MeteringStopTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Stop of(String streamId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read(streamId);
        }
        Map<String, Stop> read = CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, k -> new HashMap<>());
        return read.computeIfAbsent(streamId, this::read);
    }

    private Stop read(String streamId) {
        List<Stop> rows = jdbc.query(
                "SELECT ended_at, taken_down_at FROM stream_metering_stop WHERE stream_id = ?",
                (rs, i) -> new Stop(instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2))),
                streamId);
        return rows.isEmpty() ? Stop.NONE : rows.get(0);
    }

    @EventHandler
    void on(StreamEnded e) {
        jdbc.update(
                "INSERT INTO stream_metering_stop (stream_id, ended_at) VALUES (?, ?) ON CONFLICT (stream_id)"
                        + " DO UPDATE SET ended_at = COALESCE(stream_metering_stop.ended_at, excluded.ended_at)",
                e.streamId(),
                Timestamp.from(e.occurredAt()));
        forget(e.streamId());
    }

    @EventHandler
    void on(StreamTakenDown e) {
        jdbc.update(
                "INSERT INTO stream_metering_stop (stream_id, taken_down_at) VALUES (?, ?) ON CONFLICT (stream_id)"
                        + " DO UPDATE SET taken_down_at = COALESCE(stream_metering_stop.taken_down_at,"
                        + " excluded.taken_down_at)",
                e.streamId(),
                Timestamp.from(e.occurredAt()));
        forget(e.streamId());
    }

    /** A unit of work that both stops a stream and meters it must not keep the answer read before the stop. */
    private static void forget(String streamId) {
        if (CurrentUnitOfWork.isStarted()) {
            Map<String, Stop> read = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (read != null) {
                read.remove(streamId);
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
