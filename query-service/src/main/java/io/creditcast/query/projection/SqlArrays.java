package io.creditcast.query.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Multi-row statements: every parameter is a PostgreSQL array (one element per row), expanded by
 * {@code unnest(...)} in the SQL, so a whole batch of rows is one statement and one round trip. Times
 * and dates travel as ISO-8601 text and are cast in SQL ({@code ?::text[]::timestamptz[]}), so no JVM
 * time zone is involved.
 */
public final class SqlArrays {
    private final List<String> types = new ArrayList<>();
    private final List<Object[]> columns = new ArrayList<>();

    public SqlArrays longs(List<Long> values) {
        return column("int8", values.toArray(new Long[0]));
    }

    public SqlArrays ints(List<Integer> values) {
        return column("int4", values.toArray(new Integer[0]));
    }

    public SqlArrays texts(List<String> values) {
        return column("text", values.toArray(new String[0]));
    }

    public SqlArrays booleans(List<Boolean> values) {
        return column("bool", values.toArray(new Boolean[0]));
    }

    /** Instants as ISO-8601 text with offset; cast with {@code ?::text[]::timestamptz[]}. */
    public SqlArrays instants(List<Instant> values) {
        String[] text = new String[values.size()];
        for (int i = 0; i < text.length; i++) {
            Instant at = values.get(i);
            text[i] = at == null ? null : at.toString();
        }
        return column("text", text);
    }

    /** Dates as ISO-8601 text; cast with {@code ?::text[]::date[]}. */
    public SqlArrays dates(List<LocalDate> values) {
        String[] text = new String[values.size()];
        for (int i = 0; i < text.length; i++) {
            text[i] = values.get(i).toString();
        }
        return column("text", text);
    }

    private SqlArrays column(String type, Object[] values) {
        types.add(type);
        columns.add(values);
        return this;
    }

    public int update(JdbcTemplate jdbc, String sql) {
        return jdbc.update(statement(sql));
    }

    public void query(JdbcTemplate jdbc, String sql, RowCallbackHandler rows) {
        jdbc.query(statement(sql), rows);
    }

    private PreparedStatementCreator statement(String sql) {
        return (Connection connection) -> {
            PreparedStatement ps = connection.prepareStatement(sql);
            try {
                for (int i = 0; i < columns.size(); i++) {
                    ps.setArray(i + 1, connection.createArrayOf(types.get(i), columns.get(i)));
                }
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
            return ps;
        };
    }
}
