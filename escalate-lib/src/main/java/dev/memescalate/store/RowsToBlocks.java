package dev.memescalate.store;

import static dev.memescalate.store.Sql.optionalInstant;
import static dev.memescalate.store.Sql.optionalInt;
import static dev.memescalate.store.Sql.optionalLong;

import dev.memescalate.policy.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Migration 6 -> 7, the step in Java: a version-6 store kept one row per attempt ({@code attempts}) and per final
 * outcome ({@code task_outcomes}); version 7 keeps blocks of them ({@link AttemptTable}, {@link OutcomeTable}).
 * Every row is read in the order of its chain, round and index and stored into blocks, streamed (a million rows are
 * never in memory at once), inside the migrating transaction; then the row tables are dropped. The rows' primary
 * keys guarantee one attempt per task and round and one outcome per task, so nothing is checked again.
 */
final class RowsToBlocks {
    private RowsToBlocks() {}

    static void convert(Sql sql) {
        try (Sql.Cursor rows = sql.cursor("""
                SELECT chain_id, task_index, round, level, slurm_job_id, state, raw_state, exit_code, signal,
                    elapsed_seconds, max_rss_bytes, node, started_at, ended_at, alloc_cpus, batch_state,
                    batch_exit_code, outcome, reason
                FROM attempts ORDER BY chain_id, round, task_index
                """)) {
            new AttemptTable(sql).insertUnique(() -> new RowIterator<>(rows, RowsToBlocks::attempt));
        }
        try (Sql.Cursor rows = sql.cursor("""
                SELECT chain_id, task_index, outcome, round, level, reason
                FROM task_outcomes ORDER BY chain_id, round, task_index
                """)) {
            new OutcomeTable(sql).insertUnique(() -> new RowIterator<>(rows, rs -> new TaskOutcomeRecord(
                    rs.getString(1), rs.getInt(2), FinalOutcome.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                    rs.getString(6))));
        }
        sql.execute("DROP TABLE attempts");
        sql.execute("DROP TABLE task_outcomes");
    }

    private static AttemptRecord attempt(ResultSet rs) throws SQLException {
        return new AttemptRecord(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), optionalLong(rs, 10),
                optionalLong(rs, 11), Optional.ofNullable(rs.getString(12)), optionalInstant(rs, 13),
                optionalInstant(rs, 14), optionalInt(rs, 15), Optional.ofNullable(rs.getString(16)),
                Optional.ofNullable(rs.getString(17)), Outcome.valueOf(rs.getString(18)), rs.getString(19));
    }

    /** A cursor's rows as records, one at a time. */
    private static final class RowIterator<T> implements Iterator<T> {
        private final Sql.Cursor rows;
        private final Sql.RowMapper<T> mapper;
        private boolean moved;
        private boolean hasRow;

        RowIterator(Sql.Cursor rows, Sql.RowMapper<T> mapper) {
            this.rows = rows;
            this.mapper = mapper;
        }

        @Override
        public boolean hasNext() {
            if (!moved) {
                hasRow = rows.next();
                moved = true;
            }
            return hasRow;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            moved = false;
            try {
                return mapper.map(rows.row());
            } catch (SQLException e) {
                throw new StoreException("cannot read a version-6 row to move it into a block: " + e.getMessage(), e);
            }
        }
    }
}
