package io.creditcast.query.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The single-row statements of one processor batch, buffered and sent at prepare-commit (inside the
 * batch's transaction, with the token) as JDBC batches instead of one round trip each.
 *
 * <p>Exactly the same effect as running the statements one by one in event order: statements are kept
 * in order per table, and consecutive statements with the same SQL on a table go out as one JDBC batch
 * (executed by the server in that order). Statements on different tables may be reordered, so a
 * projection using this must not read a table it writes nor write one table's values from another's.
 */
public final class BatchedStatements {
    private final Map<String, List<Run>> byTable = new LinkedHashMap<>();

    private record Run(String sql, List<Object[]> args) {}

    /** Buffers one statement on {@code table}. */
    public void add(String table, String sql, Object... args) {
        List<Run> runs = byTable.computeIfAbsent(table, t -> new ArrayList<>());
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last == null || !last.sql().equals(sql)) {
            last = new Run(sql, new ArrayList<>());
            runs.add(last);
        }
        last.args().add(args);
    }

    /** Statements buffered so far (for tests and metrics). */
    public int size() {
        int n = 0;
        for (List<Run> runs : byTable.values()) {
            for (Run r : runs) {
                n += r.args().size();
            }
        }
        return n;
    }

    /** Sends everything, table by table, one JDBC batch per run of equal statements. */
    public void flush(JdbcTemplate jdbc) {
        for (List<Run> runs : byTable.values()) {
            for (Run r : runs) {
                if (r.args().size() == 1) {
                    jdbc.update(r.sql(), r.args().get(0));
                } else {
                    jdbc.batchUpdate(r.sql(), r.args());
                }
            }
        }
        byTable.clear();
    }

    /** The buffer of the current processor batch; flushed at its prepare-commit. */
    public static BatchedStatements ofCurrentBatch(String key, JdbcTemplate jdbc) {
        return ofCurrentBatch(key, BatchedStatements::new, b -> b.flush(jdbc));
    }

    /**
     * A per-batch resource of the current unit of work (Axon's batching unit of work spans the processor's
     * whole batch and transaction), created on first use and handed to {@code flush} at prepare-commit.
     */
    public static <T> T ofCurrentBatch(String key, Supplier<T> create, Consumer<T> flush) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource("creditcast.batch." + key, k -> {
            T buffer = Objects.requireNonNull(create.get());
            unitOfWork.onPrepareCommit(u -> flush.accept(buffer));
            return buffer;
        });
    }
}
