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
    private final Sql sql;

    AttemptTable(Sql sql) {
        this.sql = sql;
    }

    /** Inserts attempts in batches; a second attempt with the same (chain, index, round) is an error. */
    public void insert(Iterable<AttemptRecord> attempts) {
        sql.batch("""
                INSERT INTO attempts (chain_id, task_index, round, level, slurm_job_id, state, raw_state, exit_code,
                    signal, elapsed_seconds, max_rss_bytes, node, started_at, ended_at, alloc_cpus, batch_state,
                    batch_exit_code, outcome, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                attempts, (ps, a) -> Sql.bind(ps, a.chainId(), a.index(), a.round(), a.level(), a.slurmJobId(),
                        a.state(), a.rawState(), a.exitCode(), a.signal(), boxed(a.elapsedSeconds()),
                        boxed(a.maxRssBytes()), a.node().orElse(null), instantOrNull(a.start()),
                        instantOrNull(a.end()), boxed(a.allocCpus()), a.batchState().orElse(null),
                        a.batchExitCode().orElse(null), a.outcome().name(), a.reason()));
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
        return sql.query("SELECT * FROM attempts WHERE chain_id = ? ORDER BY round, task_index", AttemptTable::row,
                chainId);
    }

    /** A round's attempts by index. */
    public List<AttemptRecord> forRound(String chainId, int round) {
        return sql.query("SELECT * FROM attempts WHERE chain_id = ? AND round = ? ORDER BY task_index",
                AttemptTable::row, chainId, round);
    }

    /** Hands a chain's attempts to {@code sink} one at a time, by round then index; nothing is collected. */
    public void forEachByRound(String chainId, Consumer<AttemptRecord> sink) {
        sql.forEach("SELECT * FROM attempts WHERE chain_id = ? ORDER BY round, task_index",
                rs -> sink.accept(row(rs)), chainId);
    }

    /** Hands a chain's attempts to {@code sink} one at a time, by index then round (a task's history in order). */
    public void forEachByTask(String chainId, Consumer<AttemptRecord> sink) {
        sql.forEach("SELECT * FROM attempts WHERE chain_id = ? ORDER BY task_index, round",
                rs -> sink.accept(row(rs)), chainId);
    }

    /**
     * Hands every task of the chain that has an attempt or a final outcome to {@code sink}, by index, with its
     * attempts in round order: one query, one task in memory at a time.
     *
     * @param unsuccessfulOnly only tasks whose final outcome is not COMPLETED
     */
    public void forEachTask(String chainId, boolean unsuccessfulOnly, Consumer<TaskHistory> sink) {
        String filter = unsuccessfulOnly ? " WHERE o.outcome IS NOT NULL AND o.outcome != 'COMPLETED'" : "";
        TaskHistoryCollector collector = new TaskHistoryCollector(chainId, sink);
        sql.forEach("""
                SELECT t.task_index AS t_index, a.*, o.outcome AS o_outcome, o.round AS o_round, o.level AS o_level,
                    o.reason AS o_reason
                FROM (SELECT task_index FROM attempts WHERE chain_id = ?1
                      UNION SELECT task_index FROM task_outcomes WHERE chain_id = ?1) t
                LEFT JOIN attempts a ON a.chain_id = ?1 AND a.task_index = t.task_index
                LEFT JOIN task_outcomes o ON o.chain_id = ?1 AND o.task_index = t.task_index
                """ + filter + " ORDER BY t.task_index, a.round", collector::add, chainId);
        collector.flush();
    }

    /** Groups the rows of {@link #forEachTask}'s query, one task at a time. */
    private static final class TaskHistoryCollector {
        private final String chainId;
        private final Consumer<TaskHistory> sink;
        private int index = -1;
        private final List<AttemptRecord> attempts = new ArrayList<>();
        private Optional<TaskOutcomeRecord> outcome = Optional.empty();

        TaskHistoryCollector(String chainId, Consumer<TaskHistory> sink) {
            this.chainId = chainId;
            this.sink = sink;
        }

        void add(ResultSet rs) throws SQLException {
            int rowIndex = rs.getInt("t_index");
            if (rowIndex != index) {
                flush();
                index = rowIndex;
                String outcomeName = rs.getString("o_outcome");
                outcome = outcomeName == null
                        ? Optional.empty()
                        : Optional.of(new TaskOutcomeRecord(chainId, rowIndex, FinalOutcome.valueOf(outcomeName),
                                rs.getInt("o_round"), rs.getInt("o_level"), rs.getString("o_reason")));
            }
            boolean hasAttempt = rs.getString("chain_id") != null;
            if (hasAttempt) {
                attempts.add(row(rs));
            }
        }

        void flush() {
            if (index >= 0) {
                sink.accept(new TaskHistory(index, attempts, outcome));
            }
            index = -1;
            attempts.clear();
            outcome = Optional.empty();
        }
    }

    /** How many attempts of each round ended in each state: {@code round -> state -> count}. */
    public Map<Integer, Map<String, Integer>> stateCountsByRound(String chainId) {
        Map<Integer, Map<String, Integer>> counts = new HashMap<>();
        sql.forEach("SELECT round, state, COUNT(*) FROM attempts WHERE chain_id = ? GROUP BY round, state",
                rs -> counts.computeIfAbsent(rs.getInt(1), r -> new HashMap<>()).put(rs.getString(2), rs.getInt(3)),
                chainId);
        return counts;
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

    private static AttemptRecord row(ResultSet rs) throws SQLException {
        return new AttemptRecord(
                rs.getString("chain_id"),
                rs.getInt("task_index"),
                rs.getInt("round"),
                rs.getInt("level"),
                rs.getString("slurm_job_id"),
                rs.getString("state"),
                rs.getString("raw_state"),
                rs.getInt("exit_code"),
                rs.getInt("signal"),
                optionalLong(rs, "elapsed_seconds"),
                optionalLong(rs, "max_rss_bytes"),
                Optional.ofNullable(rs.getString("node")),
                optionalInstant(rs, "started_at"),
                optionalInstant(rs, "ended_at"),
                optionalInt(rs, "alloc_cpus"),
                Optional.ofNullable(rs.getString("batch_state")),
                Optional.ofNullable(rs.getString("batch_exit_code")),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("reason"));
    }
}
