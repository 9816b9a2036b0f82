package dev.memescalate.store;

import static dev.memescalate.store.Sql.boxed;
import static dev.memescalate.store.Sql.instantOrNull;
import static dev.memescalate.store.Sql.optionalInstant;
import static dev.memescalate.store.Sql.optionalInt;
import static dev.memescalate.store.Sql.optionalLong;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@code attempts} table: one row per task per round it ran in, as the handler read and classified it. */
public final class AttemptTable {
    /**
     * The columns {@link #row} reads, by position: named rather than {@code *}, so that reading a row costs no look-up
     * of a column by name (status --tasks reads every attempt of a chain). Each text read is a copy through JNI, so
     * the chain id (the caller's) is not read, and raw_state only where it differs from state.
     */
    private static final String COLUMNS = "chain_id, task_index, round, level, slurm_job_id, state,"
            + " nullif(raw_state, state),"
            + " exit_code, signal, elapsed_seconds, max_rss_bytes, node, started_at, ended_at, alloc_cpus, batch_state,"
            + " batch_exit_code, outcome, reason";
    /** The position of task_index in {@link #COLUMNS} and {@link OutcomeTable#COLUMNS}. */
    private static final int TASK_INDEX = 2;

    private final Sql sql;

    AttemptTable(Sql sql) {
        this.sql = sql;
    }

    /**
     * Inserts attempts in batches; a second attempt with the same (chain, index, round) is an error. A handler
     * inserts a whole round in one call (a million rows for a million tasks): the values are bound by type, and
     * {@code raw_state} is bound only when it differs from {@code state} (SQLite copies it otherwise), since each
     * bound string costs a copy through JNI.
     */
    public void insert(Iterable<AttemptRecord> attempts) {
        sql.batch("""
                INSERT INTO attempts (chain_id, task_index, round, level, slurm_job_id, state, raw_state, exit_code,
                    signal, elapsed_seconds, max_rss_bytes, node, started_at, ended_at, alloc_cpus, batch_state,
                    batch_exit_code, outcome, reason)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ?6), ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                    ?19)
                """,
                attempts, (ps, a) -> {
                    ps.setString(1, a.chainId());
                    ps.setInt(2, a.index());
                    ps.setInt(3, a.round());
                    ps.setInt(4, a.level());
                    ps.setString(5, a.slurmJobId());
                    ps.setString(6, a.state());
                    ps.setString(7, a.rawState().equals(a.state()) ? null : a.rawState());
                    ps.setInt(8, a.exitCode());
                    ps.setInt(9, a.signal());
                    Sql.setLong(ps, 10, a.elapsedSeconds());
                    Sql.setLong(ps, 11, a.maxRssBytes());
                    ps.setString(12, a.node().orElse(null));
                    ps.setString(13, instantOrNull(a.start()));
                    ps.setString(14, instantOrNull(a.end()));
                    Sql.setInt(ps, 15, a.allocCpus());
                    ps.setString(16, a.batchState().orElse(null));
                    ps.setString(17, a.batchExitCode().orElse(null));
                    ps.setString(18, a.outcome().name());
                    ps.setString(19, a.reason());
                });
    }

    /** Inserts the earlier runs of requeued tasks, in batches. */
    public void insertRuns(Iterable<AttemptRunRecord> runs) {
        sql.batch("""
                INSERT INTO attempt_runs (chain_id, task_index, round, run, state, raw_state, exit_code, signal,
                    elapsed_seconds, node, started_at, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                runs, (ps, r) -> Sql.bind(ps, r.chainId(), r.index(), r.round(), r.run(), r.state(), r.rawState(),
                        r.exitCode(), r.signal(), boxed(r.elapsedSeconds()), r.node().orElse(null),
                        instantOrNull(r.start()), instantOrNull(r.end())));
    }

    /** A chain's earlier runs of requeued tasks, by round, index and run. */
    public List<AttemptRunRecord> runsOf(String chainId) {
        return sql.query("SELECT * FROM attempt_runs WHERE chain_id = ? ORDER BY round, task_index, run",
                rs -> new AttemptRunRecord(rs.getString("chain_id"), rs.getInt("task_index"), rs.getInt("round"),
                        rs.getInt("run"), rs.getString("state"), rs.getString("raw_state"), rs.getInt("exit_code"),
                        rs.getInt("signal"), optionalLong(rs, "elapsed_seconds"),
                        Optional.ofNullable(rs.getString("node")), optionalInstant(rs, "started_at"),
                        optionalInstant(rs, "ended_at")),
                chainId);
    }

    /** Hands a chain's earlier runs to {@code sink} one at a time; nothing is collected. */
    public void forEachRun(String chainId, Consumer<AttemptRunRecord> sink) {
        sql.forEach("SELECT * FROM attempt_runs WHERE chain_id = ? ORDER BY round, task_index, run",
                rs -> sink.accept(new AttemptRunRecord(rs.getString("chain_id"), rs.getInt("task_index"),
                        rs.getInt("round"), rs.getInt("run"), rs.getString("state"), rs.getString("raw_state"),
                        rs.getInt("exit_code"), rs.getInt("signal"), optionalLong(rs, "elapsed_seconds"),
                        Optional.ofNullable(rs.getString("node")), optionalInstant(rs, "started_at"),
                        optionalInstant(rs, "ended_at"))),
                chainId);
    }

    /** A chain's attempts by round, then index. */
    public List<AttemptRecord> forChain(String chainId) {
        return sql.query("SELECT " + COLUMNS + " FROM attempts WHERE chain_id = ? ORDER BY round, task_index",
                rs -> row(chainId, rs), chainId);
    }

    /** A round's attempts by index. */
    public List<AttemptRecord> forRound(String chainId, int round) {
        return sql.query(
                "SELECT " + COLUMNS + " FROM attempts WHERE chain_id = ? AND round = ? ORDER BY task_index",
                rs -> row(chainId, rs), chainId, round);
    }

    /** Hands a chain's attempts to {@code sink} one at a time, by round then index; nothing is collected. */
    public void forEachByRound(String chainId, Consumer<AttemptRecord> sink) {
        sql.forEach("SELECT " + COLUMNS + " FROM attempts WHERE chain_id = ? ORDER BY round, task_index",
                rs -> sink.accept(row(chainId, rs)), chainId);
    }

    /** Hands a chain's attempts to {@code sink} one at a time, by index then round (a task's history in order). */
    public void forEachByTask(String chainId, Consumer<AttemptRecord> sink) {
        sql.forEach("SELECT " + COLUMNS + " FROM attempts WHERE chain_id = ? ORDER BY task_index, round",
                rs -> sink.accept(row(chainId, rs)), chainId);
    }

    /**
     * Hands every task of the chain that has an attempt or a final outcome to {@code sink}, by index, with its
     * attempts in round order: one task in memory at a time. Two queries read side by side, each in the order of its
     * primary key (attempts by index and round, outcomes by index), merged here: SQLite neither sorts nor builds a
     * temporary table, which a join of the two took over a second for 100,000 tasks.
     *
     * @param unsuccessfulOnly only tasks whose final outcome is not COMPLETED
     */
    public void forEachTask(String chainId, boolean unsuccessfulOnly, Consumer<TaskHistory> sink) {
        String outcomeFilter = unsuccessfulOnly ? " AND outcome != 'COMPLETED'" : "";
        try (Sql.Cursor attempts = sql.cursor(
                        "SELECT " + COLUMNS + " FROM attempts WHERE chain_id = ? ORDER BY task_index, round", chainId);
                Sql.Cursor outcomes = sql.cursor("SELECT " + OutcomeTable.COLUMNS
                        + " FROM task_outcomes WHERE chain_id = ?" + outcomeFilter
                        + " ORDER BY task_index", chainId)) {
            new TaskMerge(chainId, attempts, outcomes, unsuccessfulOnly, sink).run();
        }
    }

    /** The merge of {@link #forEachTask}: both cursors move forward only. */
    private static final class TaskMerge {
        private final String chainId;
        private final Sql.Cursor attempts;
        private final Sql.Cursor outcomes;
        private final boolean outcomeRequired;
        private final Consumer<TaskHistory> sink;
        private boolean attemptsLeft;
        private boolean outcomesLeft;

        TaskMerge(String chainId, Sql.Cursor attempts, Sql.Cursor outcomes, boolean outcomeRequired,
                Consumer<TaskHistory> sink) {
            this.chainId = chainId;
            this.attempts = attempts;
            this.outcomes = outcomes;
            this.outcomeRequired = outcomeRequired;
            this.sink = sink;
        }

        void run() {
            attemptsLeft = attempts.next();
            outcomesLeft = outcomes.next();
            try {
                while (outcomeRequired ? outcomesLeft : attemptsLeft || outcomesLeft) {
                    int index = Math.min(attemptsLeft ? attemptIndex() : Integer.MAX_VALUE,
                            outcomesLeft ? outcomes.row().getInt(TASK_INDEX) : Integer.MAX_VALUE);
                    Optional<TaskOutcomeRecord> outcome = Optional.empty();
                    if (outcomesLeft && outcomes.row().getInt(TASK_INDEX) == index) {
                        outcome = Optional.of(OutcomeTable.row(chainId, outcomes.row()));
                        outcomesLeft = outcomes.next();
                    }
                    boolean wanted = !outcomeRequired || outcome.isPresent();
                    List<AttemptRecord> history = new ArrayList<>(2);
                    while (attemptsLeft && attemptIndex() == index) {
                        if (wanted) {
                            history.add(row(chainId, attempts.row()));
                        }
                        attemptsLeft = attempts.next();
                    }
                    if (wanted) {
                        sink.accept(new TaskHistory(index, history, outcome));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read the tasks of a chain: " + e.getMessage(), e);
            }
        }

        private int attemptIndex() throws SQLException {
            return attempts.row().getInt(TASK_INDEX);
        }
    }

    /** How many attempts of the chain are recorded. */
    public int count(String chainId) {
        int[] count = {0};
        sql.forEach("SELECT COUNT(*) FROM attempts WHERE chain_id = ?", rs -> count[0] = rs.getInt(1), chainId);
        return count[0];
    }

    /**
     * For each of {@code indices}, how many of its attempts in rounds before {@code beforeRound} had the outcome
     * RETRY_SAME_LEVEL. Indices with none are absent from the map ({@code getOrDefault(index, 0)}).
     */
    public Map<Integer, Integer> sameLevelRetryCounts(String chainId, IndexSet indices, int beforeRound) {
        Map<Integer, Integer> counts = new HashMap<>();
        sql.forEach("""
                        SELECT task_index, COUNT(*) FROM attempts
                        WHERE chain_id = ? AND round < ? AND outcome = ?
                        GROUP BY task_index
                        """,
                rs -> {
                    if (indices.contains(rs.getInt(1))) {
                        counts.put(rs.getInt(1), rs.getInt(2));
                    }
                },
                chainId, beforeRound, Outcome.RETRY_SAME_LEVEL.name());
        return counts;
    }

    /** An attempt of chain {@code chainId}, of a query that selects {@link #COLUMNS}. */
    private static AttemptRecord row(String chainId, ResultSet rs) throws SQLException {
        String state = rs.getString(6);
        String rawState = rs.getString(7);
        return new AttemptRecord(
                chainId,
                rs.getInt(2),
                rs.getInt(3),
                rs.getInt(4),
                rs.getString(5),
                state,
                rawState == null ? state : rawState,
                rs.getInt(8),
                rs.getInt(9),
                optionalLong(rs, 10),
                optionalLong(rs, 11),
                Optional.ofNullable(rs.getString(12)),
                optionalInstant(rs, 13),
                optionalInstant(rs, 14),
                optionalInt(rs, 15),
                Optional.ofNullable(rs.getString(16)),
                Optional.ofNullable(rs.getString(17)),
                Outcome.valueOf(rs.getString(18)),
                rs.getString(19));
    }
}
