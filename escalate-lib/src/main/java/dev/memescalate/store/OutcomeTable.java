package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The one final outcome of each task of a chain, once it has one. Stored in {@code outcome_blocks}, one row per
 * block of up to {@value OutcomeBlockCodec#MAX_OUTCOMES} outcomes settled by one round, in index order (the format:
 * {@link OutcomeBlockCodec}), with the count of each outcome in the row's columns, so that counting reads no block.
 */
public final class OutcomeTable {
    private static final String INSERT_BLOCK = """
            INSERT INTO outcome_blocks (chain_id, round, first_index, last_index, task_count, completed, failed,
                exhausted, cancelled, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String LOAD_BLOCK = "SELECT data FROM outcome_blocks WHERE rowid = ?";
    /** The count columns, by outcome: a new {@link FinalOutcome} needs a column (a migration). */
    private static final Map<FinalOutcome, String> COUNT_COLUMNS = new EnumMap<>(Map.of(
            FinalOutcome.COMPLETED, "completed", FinalOutcome.FAILED, "failed", FinalOutcome.EXHAUSTED, "exhausted",
            FinalOutcome.CANCELLED, "cancelled"));
    /** The sums of the count columns, in the order of {@link #COUNT_COLUMNS} ({@link #readCounts} reads them). */
    private static final String SUM_COUNTS = COUNT_COLUMNS.values().stream().map(c -> "sum(" + c + ")")
            .collect(Collectors.joining(", "));

    private final Sql sql;

    OutcomeTable(Sql sql) {
        this.sql = sql;
    }

    /**
     * Inserts final outcomes, streamed a block at a time. A task gets exactly one: if any of {@code outcomes} names a
     * task that already has one (or two of them name the same task), nothing of this call is kept and
     * {@link DuplicateOutcomeException} names the task.
     */
    public void insert(Iterable<TaskOutcomeRecord> outcomes) {
        sql.requireWritable();
        sql.execute("SAVEPOINT insert_outcomes");
        boolean duplicate;
        try {
            long storedBefore = BlockRows.maxRowid(sql, "outcome_blocks");
            Map<String, BitSet> inserted = new HashMap<>();
            boolean repeated = write(outcomes, o -> {
                BitSet indices = inserted.computeIfAbsent(o.chainId(), c -> new BitSet());
                boolean seen = indices.get(o.index());
                indices.set(o.index());
                return !seen;
            });
            duplicate = repeated || inserted.entrySet().stream()
                    .anyMatch(e -> anyStored(e.getKey(), e.getValue(), storedBefore));
        } catch (RuntimeException e) {
            rollBack();
            throw e;
        }
        if (duplicate) {
            rollBack();
            TaskOutcomeRecord d = duplicateIn(outcomes).orElseThrow();
            throw new DuplicateOutcomeException(d.chainId(), d.index(), null);
        }
        sql.execute("RELEASE insert_outcomes");
    }

    private void rollBack() {
        sql.execute("ROLLBACK TO insert_outcomes");
        sql.execute("RELEASE insert_outcomes");
    }

    /** Stores outcomes known to be unique (the rows of a version-6 store, which a primary key kept so), unchecked. */
    void insertUnique(Iterable<TaskOutcomeRecord> outcomes) {
        sql.requireWritable();
        write(outcomes, o -> true);
    }

    /**
     * Writes the blocks, stopping at the first outcome {@code firstOfTask} says repeats one of this call.
     *
     * @return true if it stopped so
     */
    private boolean write(Iterable<TaskOutcomeRecord> outcomes, Predicate<TaskOutcomeRecord> firstOfTask) {
        try (Sql.Prepared insert = sql.prepare(INSERT_BLOCK)) {
            BlockRows.Groups groups = new BlockRows.Groups();
            BlockBuffer<TaskOutcomeRecord> blocks = new BlockBuffer<>(OutcomeBlockCodec.MAX_OUTCOMES,
                    o -> groups.of(o.chainId(), o.round()), TaskOutcomeRecord::index, block -> {
                        TaskOutcomeRecord first = block.get(0);
                        Map<FinalOutcome, Integer> counts = zeroCounts();
                        block.forEach(o -> counts.merge(o.outcome(), 1, Integer::sum));
                        insert.update(first.chainId(), first.round(), first.index(),
                                block.get(block.size() - 1).index(), block.size(),
                                counts.get(FinalOutcome.COMPLETED), counts.get(FinalOutcome.FAILED),
                                counts.get(FinalOutcome.EXHAUSTED), counts.get(FinalOutcome.CANCELLED),
                                OutcomeBlockCodec.encode(block));
                    });
            for (TaskOutcomeRecord o : outcomes) {
                if (!firstOfTask.test(o)) {
                    return true;
                }
                blocks.add(o);
            }
            blocks.flush();
        }
        return false;
    }

    /** True if a block of the chain stored before this call ({@code rowid <= storedBefore}) has one of indices. */
    private boolean anyStored(String chainId, BitSet indices, long storedBefore) {
        List<BlockRow> stored = blockRows(sql, chainId, "rowid <= ? AND first_index <= ? AND last_index >= ?",
                storedBefore, indices.length() - 1, indices.nextSetBit(0));
        try (Sql.Prepared load = sql.prepare(LOAD_BLOCK)) {
            for (BlockRow row : stored) {
                for (int index : OutcomeBlockCodec.indices(BlockRows.data(load, row.rowid(), "final outcomes"))) {
                    if (indices.get(index)) {
                        return true;
                    }
                }
            }
        }
        return false;
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
        try (Sql.Prepared load = sql.prepare(LOAD_BLOCK)) {
            for (BlockRow row : blockRows(sql, chainId, null)) {
                for (int index : OutcomeBlockCodec.indices(BlockRows.data(load, row.rowid(), "final outcomes"))) {
                    indices.set(index);
                }
            }
        }
        return indices;
    }

    /** The indices of the chain's tasks that have a final outcome. */
    public IndexSet settledIndices(String chainId) {
        IndexSet.Builder settled = IndexSet.builder();
        forEachCursor(chainId, c -> settled.add(c.index()));
        return settled.build();
    }

    /** A chain's final outcomes by index. */
    public List<TaskOutcomeRecord> forChain(String chainId) {
        List<TaskOutcomeRecord> outcomes = new ArrayList<>();
        forEach(chainId, outcomes::add);
        return outcomes;
    }

    /** Hands a chain's final outcomes to {@code sink} one at a time, by index; nothing is collected. */
    public void forEach(String chainId, Consumer<TaskOutcomeRecord> sink) {
        forEachCursor(chainId, c -> sink.accept(c.record()));
    }

    private void forEachCursor(String chainId, Consumer<OutcomeBlock.Cursor> sink) {
        try (Reader reader = reader(sql, chainId, o -> true)) {
            while (reader.next()) {
                sink.accept(reader.current());
            }
        }
    }

    /** How many tasks of the chain ended in each final outcome; every outcome is a key (0 if none). */
    public Map<FinalOutcome, Integer> counts(String chainId) {
        Map<FinalOutcome, Integer> counts = zeroCounts();
        sql.forEach("SELECT " + SUM_COUNTS + " FROM outcome_blocks WHERE chain_id = ?",
                rs -> readCounts(rs, 1, counts), chainId);
        return counts;
    }

    /** How many tasks each round settled with each final outcome: {@code round -> outcome -> count}. */
    public Map<Integer, Map<FinalOutcome, Integer>> countsByRound(String chainId) {
        Map<Integer, Map<FinalOutcome, Integer>> counts = new HashMap<>();
        sql.forEach("SELECT round, " + SUM_COUNTS + " FROM outcome_blocks WHERE chain_id = ? GROUP BY round",
                rs -> {
                    Map<FinalOutcome, Integer> ofRound = new EnumMap<>(FinalOutcome.class);
                    readCounts(rs, 2, ofRound);
                    ofRound.values().removeIf(count -> count == 0);
                    counts.put(rs.getInt(1), ofRound);
                },
                chainId);
        return counts;
    }

    /** {@link #counts} of every chain created at or after {@code since}, by chain id, in one query. */
    public Map<String, Map<FinalOutcome, Integer>> countsOfChainsCreatedSince(Instant since) {
        Map<String, Map<FinalOutcome, Integer>> counts = new HashMap<>();
        sql.forEach("SELECT o.chain_id, " + SUM_COUNTS
                        + " FROM outcome_blocks o JOIN chains c ON c.id = o.chain_id"
                        + " WHERE c.created_at >= ? GROUP BY o.chain_id",
                rs -> readCounts(rs, 2, counts.computeIfAbsent(rs.getString(1), id -> zeroCounts())),
                Columns.instant(since));
        return counts;
    }

    /** The four sums of {@link #SUM_COUNTS} from column {@code from} on (a sum over no rows is NULL: 0). */
    private static void readCounts(ResultSet rs, int from, Map<FinalOutcome, Integer> into) throws SQLException {
        int column = from;
        for (FinalOutcome outcome : COUNT_COLUMNS.keySet()) {
            into.put(outcome, rs.getInt(column++));
        }
    }

    private static Map<FinalOutcome, Integer> zeroCounts() {
        Map<FinalOutcome, Integer> counts = new EnumMap<>(FinalOutcome.class);
        for (FinalOutcome outcome : FinalOutcome.values()) {
            counts.put(outcome, 0);
        }
        return counts;
    }

    /** A stored block before it is read: its row's columns, and the rank of its chain among several. */
    private record BlockRow(long rowid, String chainId, int round, int firstIndex, int lastIndex, int rank) {
    }

    /** The block rows of a chain, with {@code where} (or none) ANDed to the chain: its values follow the chain id. */
    private static List<BlockRow> blockRows(Sql sql, String chainId, String where, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = chainId;
        System.arraycopy(values, 0, all, 1, values.length);
        return sql.query("SELECT rowid, round, first_index, last_index FROM outcome_blocks WHERE chain_id = ?"
                        + (where == null ? "" : " AND " + where),
                rs -> new BlockRow(rs.getLong(1), chainId, rs.getInt(2), rs.getInt(3), rs.getInt(4), 0), all);
    }

    /**
     * The outcomes of blocks, merged by index then the rank of their chain, one decoded block per overlapping block
     * in memory; close it (it holds a prepared statement). Valid only while its transaction runs.
     */
    static final class Reader implements AutoCloseable {
        private final Sql.Prepared load;
        private final BlockMerge<BlockRow, OutcomeBlock.Cursor> merge;

        private Reader(Sql sql, List<BlockRow> rows, int first, int last, Predicate<FinalOutcome> wanted) {
            ToLongFunction<BlockRow> firstKey = r -> BlockMerge.key(Math.max(r.firstIndex(), first), r.rank());
            rows.sort(Comparator.comparingLong(firstKey));
            this.load = sql.prepare(LOAD_BLOCK);
            this.merge = new BlockMerge<>(rows, firstKey, r -> OutcomeBlockCodec.decode(r.chainId(), r.round(),
                    BlockRows.data(load, r.rowid(), "final outcomes")).cursor(first, last, wanted, r.rank()));
        }

        boolean next() {
            return merge.next();
        }

        OutcomeBlock.Cursor current() {
            return merge.current();
        }

        @Override
        public void close() {
            load.close();
        }
    }

    /** A chain's outcomes that {@code wanted} keeps, by index. */
    static Reader reader(Sql sql, String chainId, Predicate<FinalOutcome> wanted) {
        return new Reader(sql, blockRows(sql, chainId, null), 0, Integer.MAX_VALUE, wanted);
    }

    /**
     * The COMPLETED outcomes of tasks in {@code [first, last]} of several chains, by index, and for one index by the
     * chains' order in {@code chainIds} (the first is ranked first). Only blocks that have a completion in range are
     * read.
     */
    static Reader completions(Sql sql, List<String> chainIds, int first, int last) {
        List<BlockRow> rows = new ArrayList<>();
        for (int rank = 0; rank < chainIds.size(); rank++) {
            int chainRank = rank;
            for (BlockRow row : blockRows(sql, chainIds.get(rank), "completed > 0 AND first_index <= ? AND"
                    + " last_index >= ?", last, first)) {
                rows.add(new BlockRow(row.rowid(), row.chainId(), row.round(), row.firstIndex(), row.lastIndex(),
                        chainRank));
            }
        }
        return new Reader(sql, rows, first, last, o -> o == FinalOutcome.COMPLETED);
    }
}
