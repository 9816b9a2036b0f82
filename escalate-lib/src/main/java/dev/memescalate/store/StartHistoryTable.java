package dev.memescalate.store;

import java.nio.file.Path;
import java.util.ArrayList;
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
     * the chains' outcome blocks that have a completion in range are merged by index, then by the chains' order of
     * preference, and the first of each index is kept.
     */
    public void lastCompletions(String sha256, Optional<Path> samePath, int first, int last,
            Consumer<Completion> sink) {
        List<String> chainIds = new ArrayList<>();
        List<Boolean> sameContent = new ArrayList<>();
        sql.forEach(SCRIPT_CHAINS, rs -> {
            chainIds.add(rs.getString(1));
            sameContent.add(rs.getInt(2) == 1);
        }, sha256, samePath.map(Path::toString).orElse(null));
        int previous = -1;
        try (OutcomeTable.Reader completions = OutcomeTable.completions(sql, chainIds, first, last)) {
            while (completions.next()) {
                OutcomeBlock.Cursor c = completions.current();
                if (c.index() != previous) {
                    previous = c.index();
                    sink.accept(new Completion(c.index(), c.level(), c.chainId(),
                            sameContent.get(c.rank())));
                }
            }
        }
    }

    /**
     * The chains of the script, most preferred first: found by the indexes on content and path (an OR of two index
     * look-ups); the same content first, then the newest.
     */
    private static final String SCRIPT_CHAINS = """
            SELECT c.id, COALESCE(c.script_sha256 = ?1, 0) AS same_content
            FROM chains c
            WHERE c.script_sha256 = ?1 OR c.script_path = ?2
            ORDER BY same_content DESC, c.created_at DESC, c.id DESC
            """;

    /** SQLite's plan for the chains of {@link #lastCompletions}, line by line (for the test that it uses indexes). */
    void explainLastCompletions(Consumer<String> sink) {
        sql.forEach("EXPLAIN QUERY PLAN " + SCRIPT_CHAINS, rs -> sink.accept(rs.getString("detail")), "x", "/p");
    }

    /** One attempt, for what it cost: its task, level and run time. */
    public record AttemptCost(int index, int level, long elapsedSeconds) {
    }

    /** Streams the attempts of {@code chainId}'s tasks in {@code [first, last]} below {@code level}, by index. */
    public void attemptsBelow(String chainId, int level, int first, int last, Consumer<AttemptCost> sink) {
        new AttemptTable(sql).forEachInRange(chainId, first, last, a -> {
            if (a.level() < level) {
                sink.accept(new AttemptCost(a.index(), a.level(), a.elapsedSeconds().orElse(0)));
            }
        });
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
