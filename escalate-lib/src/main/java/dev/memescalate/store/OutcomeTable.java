package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@code task_outcomes} table: the one final outcome of each task of a chain, once it has one. */
public final class OutcomeTable {
    /** The columns {@link #row} reads, by position (no look-up of a column by name per row). */
    static final String COLUMNS = "chain_id, task_index, outcome, round, level, reason";

    private final Sql sql;

    OutcomeTable(Sql sql) {
        this.sql = sql;
    }

    /**
     * Inserts final outcomes in batches. A task gets exactly one: if any of {@code outcomes} names a task that
     * already has one (or two of them name the same task), nothing of this call is kept and
     * {@link DuplicateOutcomeException} names the task.
     */
    public void insert(Iterable<TaskOutcomeRecord> outcomes) {
        sql.requireWritable();
        sql.execute("SAVEPOINT insert_outcomes");
        try {
            sql.batch("""
                    INSERT INTO task_outcomes (chain_id, task_index, outcome, round, level, reason)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                    outcomes, (ps, o) -> {
                        ps.setString(1, o.chainId());
                        ps.setInt(2, o.index());
                        ps.setString(3, o.outcome().name());
                        ps.setInt(4, o.round());
                        ps.setInt(5, o.level());
                        ps.setString(6, o.reason());
                    });
        } catch (StoreException e) {
            sql.execute("ROLLBACK TO insert_outcomes");
            sql.execute("RELEASE insert_outcomes");
            throw duplicateIn(outcomes).<StoreException>map(d -> new DuplicateOutcomeException(d.chainId(),
                    d.index(), e)).orElse(e);
        }
        sql.execute("RELEASE insert_outcomes");
    }

    /** Finds the first outcome that repeats an earlier one of the list or one already stored. */
    private Optional<TaskOutcomeRecord> duplicateIn(Iterable<TaskOutcomeRecord> outcomes) {
        Map<String, BitSet> seen = new HashMap<>();
        for (TaskOutcomeRecord o : outcomes) {
            BitSet indices = seen.computeIfAbsent(o.chainId(), this::storedIndices);
            if (indices.get(o.index())) {
                return Optional.of(o);
            }
            indices.set(o.index());
        }
        return Optional.empty();
    }

    private BitSet storedIndices(String chainId) {
        BitSet indices = new BitSet();
        sql.forEach("SELECT task_index FROM task_outcomes WHERE chain_id = ?", rs -> indices.set(rs.getInt(1)),
                chainId);
        return indices;
    }

    /** The indices of the chain's tasks that have a final outcome. */
    public IndexSet settledIndices(String chainId) {
        IndexSet.Builder settled = IndexSet.builder();
        sql.forEach("SELECT task_index FROM task_outcomes WHERE chain_id = ? ORDER BY task_index",
                rs -> settled.add(rs.getInt(1)), chainId);
        return settled.build();
    }

    /** A chain's final outcomes by index. */
    public List<TaskOutcomeRecord> forChain(String chainId) {
        return sql.query("SELECT " + COLUMNS + " FROM task_outcomes WHERE chain_id = ? ORDER BY task_index",
                rs -> row(chainId, rs),
                chainId);
    }

    /** Hands a chain's final outcomes to {@code sink} one at a time, by index; nothing is collected. */
    public void forEach(String chainId, Consumer<TaskOutcomeRecord> sink) {
        sql.forEach("SELECT " + COLUMNS + " FROM task_outcomes WHERE chain_id = ? ORDER BY task_index",
                rs -> sink.accept(row(chainId, rs)), chainId);
    }

    /** How many tasks of the chain ended in each final outcome; every outcome is a key (0 if none). */
    public Map<FinalOutcome, Integer> counts(String chainId) {
        Map<FinalOutcome, Integer> counts = zeroCounts();
        sql.forEach("SELECT outcome, COUNT(*) FROM task_outcomes WHERE chain_id = ? GROUP BY outcome",
                rs -> counts.put(FinalOutcome.valueOf(rs.getString(1)), rs.getInt(2)), chainId);
        return counts;
    }

    /** How many tasks each round settled with each final outcome: {@code round -> outcome -> count}. */
    public Map<Integer, Map<FinalOutcome, Integer>> countsByRound(String chainId) {
        Map<Integer, Map<FinalOutcome, Integer>> counts = new HashMap<>();
        sql.forEach("SELECT round, outcome, COUNT(*) FROM task_outcomes WHERE chain_id = ? GROUP BY round, outcome",
                rs -> counts.computeIfAbsent(rs.getInt(1), r -> new EnumMap<>(FinalOutcome.class))
                        .put(FinalOutcome.valueOf(rs.getString(2)), rs.getInt(3)),
                chainId);
        return counts;
    }

    /** {@link #counts} of every chain created at or after {@code since}, by chain id, in one query. */
    public Map<String, Map<FinalOutcome, Integer>> countsOfChainsCreatedSince(Instant since) {
        Map<String, Map<FinalOutcome, Integer>> counts = new HashMap<>();
        sql.forEach("""
                        SELECT o.chain_id, o.outcome, COUNT(*) FROM task_outcomes o JOIN chains c ON c.id = o.chain_id
                        WHERE c.created_at >= ? GROUP BY o.chain_id, o.outcome
                        """,
                rs -> counts.computeIfAbsent(rs.getString(1), id -> zeroCounts())
                        .put(FinalOutcome.valueOf(rs.getString(2)), rs.getInt(3)),
                Columns.instant(since));
        return counts;
    }

    private static Map<FinalOutcome, Integer> zeroCounts() {
        Map<FinalOutcome, Integer> counts = new EnumMap<>(FinalOutcome.class);
        for (FinalOutcome outcome : FinalOutcome.values()) {
            counts.put(outcome, 0);
        }
        return counts;
    }

    /** An outcome of chain {@code chainId} (not read: a copy through JNI per row), of a query of {@link #COLUMNS}. */
    static TaskOutcomeRecord row(String chainId, ResultSet rs) throws SQLException {
        return new TaskOutcomeRecord(chainId, rs.getInt(2), FinalOutcome.valueOf(rs.getString(3)), rs.getInt(4),
                rs.getInt(5), rs.getString(6));
    }
}
