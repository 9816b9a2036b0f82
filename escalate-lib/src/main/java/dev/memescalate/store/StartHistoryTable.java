package dev.memescalate.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a learned start level reads and records: each task's last completion in the earlier chains of a script (by
 * its content hash, or its path), the attempts of a chain's tasks below a level (what learning saved), and the
 * {@code learned_starts} table.
 */
public final class StartHistoryTable {
    private final Sql sql;

    StartHistoryTable(Sql sql) {
        this.sql = sql;
    }

    /**
     * A task's last completion in an earlier chain.
     *
     * @param sameContent true when that chain's script had the same content; false when only its path matched
     */
    public record Completion(int index, int level, String chainId, boolean sameContent) {
    }

    /**
     * Streams, in index order, the last completion of each task in {@code [first, last]} among the chains whose
     * script had content {@code sha256} or, when given, was at {@code samePath}: one per task, from a chain of the
     * same content when there is one, else from one of the same path; the newest such chain. Nothing is collected:
     * a million tasks stream in constant memory (SQLite sorts them by index itself).
     */
    public void lastCompletions(String sha256, Optional<Path> samePath, int first, int last,
            Consumer<Completion> sink) {
        int[] previous = {-1};
        sql.forEach(LAST_COMPLETIONS, rs -> {
                    int index = rs.getInt(1);
                    if (index != previous[0]) {
                        previous[0] = index;
                        sink.accept(new Completion(index, rs.getInt(2), rs.getString(3), rs.getInt(4) == 1));
                    }
                }, sha256, samePath.map(Path::toString).orElse(null), first, last);
    }

    /**
     * The chains of the script are found by the indexes on content and path (an OR of two index look-ups), their
     * completed tasks by task_outcomes' primary key (chain, index); only the rows found are sorted.
     */
    private static final String LAST_COMPLETIONS = """
            SELECT o.task_index, o.level, c.id, COALESCE(c.script_sha256 = ?1, 0) AS same_content
            FROM chains c JOIN task_outcomes o ON o.chain_id = c.id
            WHERE (c.script_sha256 = ?1 OR c.script_path = ?2)
              AND o.outcome = 'COMPLETED' AND o.task_index BETWEEN ?3 AND ?4
            ORDER BY o.task_index, same_content DESC, c.created_at DESC, c.id DESC
            """;

    /** SQLite's plan for {@link #lastCompletions}, line by line (for the test that it uses the indexes). */
    void explainLastCompletions(Consumer<String> sink) {
        sql.forEach("EXPLAIN QUERY PLAN " + LAST_COMPLETIONS, rs -> sink.accept(rs.getString("detail")), "x", "/p",
                0, 10);
    }

    /** One attempt, for what it cost: its task, level and run time. */
    public record AttemptCost(int index, int level, long elapsedSeconds) {
    }

    /** Streams the attempts of {@code chainId}'s tasks in {@code [first, last]} below {@code level}, by index. */
    public void attemptsBelow(String chainId, int level, int first, int last, Consumer<AttemptCost> sink) {
        sql.forEach("""
                SELECT task_index, level, COALESCE(elapsed_seconds, 0) FROM attempts
                WHERE chain_id = ? AND task_index BETWEEN ? AND ? AND level < ?
                ORDER BY task_index, round
                """, rs -> sink.accept(new AttemptCost(rs.getInt(1), rs.getInt(2), rs.getLong(3))),
                chainId, first, last, level);
    }

    public void insert(LearnedStartRecord r) {
        sql.update("""
                INSERT INTO learned_starts (chain_id, level, source_chain_id, matched_by, capped, indices)
                VALUES (?, ?, ?, ?, ?, ?)
                """, r.chainId(), r.level(), r.sourceChainId().orElse(null), r.matchedBy().name(), r.capped() ? 1 : 0,
                IndexSetCodec.encode(r.indices()));
    }

    /** A chain's learned start groups, lowest level first; empty when its start level was not learned. */
    public List<LearnedStartRecord> forChain(String chainId) {
        return sql.query("""
                SELECT * FROM learned_starts WHERE chain_id = ?
                ORDER BY level, matched_by, source_chain_id, capped
                """, rs -> new LearnedStartRecord(rs.getString("chain_id"), rs.getInt("level"),
                        Optional.ofNullable(rs.getString("source_chain_id")),
                        HistoryMatch.valueOf(rs.getString("matched_by")), rs.getInt("capped") == 1,
                        IndexSetCodec.decode(rs.getString("indices"))), chainId);
    }
}
