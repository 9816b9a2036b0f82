package dev.memescalate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The JDBC plumbing of one transaction, shared by its tables: prepared statements only, values always bound, every
 * {@link SQLException} turned into a {@link StoreException} naming the statement. Valid only while its transaction
 * runs; writes in a read transaction are refused.
 */
final class Sql {
    /** Rows per {@code executeBatch}: bounds the driver's memory for a million-row insert. */
    private static final int BATCH_SIZE = 10_000;

    private final Connection connection;
    private final boolean writable;
    private boolean ended;

    Sql(Connection connection, boolean writable) {
        this.connection = connection;
        this.writable = writable;
    }

    void end() {
        ended = true;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    interface RowBinder<R> {
        void bind(PreparedStatement ps, R row) throws SQLException;
    }

    @FunctionalInterface
    interface RowVisitor {
        void visit(ResultSet rs) throws SQLException;
    }

    int update(String sql, Object... values) {
        requireWritable();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, values);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... values) {
        List<T> rows = new ArrayList<>();
        forEach(sql, rs -> rows.add(mapper.map(rs)), values);
        return rows;
    }

    <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... values) {
        List<T> rows = query(sql, mapper, values);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs a query and hands each row to {@code visitor} as it is read: nothing is collected. */
    void forEach(String sql, RowVisitor visitor, Object... values) {
        try (Prepared statement = prepare(sql)) {
            statement.forEach(visitor, values);
        }
    }

    /**
     * A query's rows, stepped by the caller: for reading two ordered queries side by side (a merge join). Close it;
     * valid only while its transaction runs.
     */
    Cursor cursor(String sql, Object... values) {
        requireOpen();
        PreparedStatement ps = null;
        try {
            ps = connection.prepareStatement(sql);
            bind(ps, values);
            return new Cursor(sql, ps, ps.executeQuery());
        } catch (SQLException e) {
            closeQuietly(ps, e);
            throw failed(sql, e);
        }
    }

    /** The rows of one query, one at a time (see {@link #cursor}). */
    static final class Cursor implements AutoCloseable {
        private final String sql;
        private final PreparedStatement statement;
        private final ResultSet rows;

        private Cursor(String sql, PreparedStatement statement, ResultSet rows) {
            this.sql = sql;
            this.statement = statement;
            this.rows = rows;
        }

        /** Moves to the next row; false after the last. */
        boolean next() {
            try {
                return rows.next();
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        }

        /** The current row. */
        ResultSet row() {
            return rows;
        }

        @Override
        public void close() {
            try {
                statement.close();
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        }
    }

    /**
     * One statement prepared once and run many times (a block read or written per call): close it; valid only while
     * its transaction runs.
     */
    Prepared prepare(String sql) {
        requireOpen();
        try {
            return new Prepared(sql, connection.prepareStatement(sql));
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** A statement of {@link #prepare}. */
    final class Prepared implements AutoCloseable {
        private final String sql;
        private final PreparedStatement statement;

        private Prepared(String sql, PreparedStatement statement) {
            this.sql = sql;
            this.statement = statement;
        }

        int update(Object... values) {
            requireWritable();
            try {
                bind(statement, values);
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        }

        void forEach(RowVisitor visitor, Object... values) {
            requireOpen();
            try {
                bind(statement, values);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        visitor.visit(rs);
                    }
                }
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        }

        @Override
        public void close() {
            try {
                statement.close();
            } catch (SQLException e) {
                throw failed(sql, e);
            }
        }
    }

    private static void closeQuietly(PreparedStatement ps, SQLException failure) {
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
        }
    }

    <R> void batch(String sql, Iterable<R> rows, RowBinder<R> binder) {
        requireWritable();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int pending = 0;
            for (R row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
                pending++;
                if (pending == BATCH_SIZE) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** A statement without parameters (DDL, PRAGMA, SAVEPOINT); in a read transaction only what changes nothing. */
    void execute(String sql) {
        requireOpen();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setObject(i + 1, values[i]);
        }
    }

    private static StoreException failed(String sql, SQLException e) {
        String statement = sql.strip().lines().findFirst().orElse(sql);
        return new StoreException(e.getMessage() + " (in: " + statement + " ...)", e);
    }

    void requireOpen() {
        if (ended) {
            throw new IllegalStateException("this StoreTransaction has ended; use it only inside its function");
        }
    }

    void requireWritable() {
        requireOpen();
        if (!writable) {
            throw new IllegalStateException("a read transaction cannot change the store; use ChainStore.write");
        }
    }

    static void requireFound(int changedRows, String what) {
        if (changedRows == 0) {
            throw new StoreException("no such " + what + " in the store");
        }
    }

    /** Binds the value, or NULL when absent. */
    static void setLong(PreparedStatement ps, int parameter, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(parameter, value.getAsLong());
        } else {
            ps.setNull(parameter, Types.INTEGER);
        }
    }

    /** Binds the value, or NULL when absent. */
    static void setInt(PreparedStatement ps, int parameter, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(parameter, value.getAsInt());
        } else {
            ps.setNull(parameter, Types.INTEGER);
        }
    }

    static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    static String instantOrNull(Optional<Instant> value) {
        return value.map(Columns::instant).orElse(null);
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(Columns::instant);
    }

    static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    // The same by position, for rows read by the million.

    static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getString(column)).map(Columns::instant);
    }

    static OptionalInt optionalInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
