package dev.memescalate.store;

import static dev.memescalate.store.Sql.boxed;
import static dev.memescalate.store.Sql.instantOrNull;
import static dev.memescalate.store.Sql.optionalInstant;
import static dev.memescalate.store.Sql.optionalLong;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A chain's attempts: one per task per round it ran in, as the handler read and classified it. Stored in
 * {@code attempt_blocks}, one row per block of up to {@value AttemptBlockCodec#MAX_ATTEMPTS} attempts of one round
 * in index order (the format: {@link AttemptBlockCodec}), since SQLite's cost is per row and a round may have a
 * million; the earlier runs of requeued tasks (rare) in {@code attempt_runs}, a row each. Readers decode one block
 * at a time and merge the blocks of a chain's rounds ({@link BlockMerge}): never a whole chain in memory.
 */
public final class AttemptTable {
    private static final String INSERT_BLOCK = """
            INSERT INTO attempt_blocks (chain_id, round, first_index, last_index, task_count, same_level_retries, data)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String LOAD_BLOCK = "SELECT data FROM attempt_blocks WHERE rowid = ?";

    private final Sql sql;

    AttemptTable(Sql sql) {
        this.sql = sql;
    }

    /**
     * Inserts attempts; a second attempt with the same (chain, index, round) is an error, and nothing of this call is
     * kept. A handler inserts a whole round in one call (a million attempts for a million tasks), streamed: one
     * block is held at a time, stored when full. Fastest (and smallest) when each round's attempts come in index
     * order, as a handler gives them; any order is stored correctly.
     */
    public void insert(Iterable<AttemptRecord> attempts) {
        sql.requireWritable();
        UniqueIndices unique = new UniqueIndices();
        insertChecked(unique, () -> {
            try (Sql.Prepared insert = sql.prepare(INSERT_BLOCK)) {
                forEachBlock(attempts, unique, block -> block.insert(insert));
            }
        });
    }

    /**
     * Encodes attempts into blocks without the store, on any thread, to be stored later by {@link #insert(Encoded)}:
     * a handler encodes a round's attempts while it decides the round. A second attempt with the same (chain, index,
     * round) among them is an error, as in {@link #insert(Iterable)}.
     */
    public static Encoded encode(Iterable<AttemptRecord> attempts) {
        UniqueIndices unique = new UniqueIndices();
        List<EncodedBlock> blocks = new ArrayList<>();
        forEachBlock(attempts, unique, blocks::add);
        return new Encoded(List.copyOf(blocks), unique);
    }

    /**
     * Stores encoded attempts; one that a stored attempt already has (same chain, index and round) is an error, and
     * nothing of this call is kept. May be called again with the same attempts after a rolled-back transaction.
     */
    public void insert(Encoded encoded) {
        sql.requireWritable();
        insertChecked(encoded.unique, () -> {
            try (Sql.Prepared insert = sql.prepare(INSERT_BLOCK)) {
                encoded.blocks.forEach(block -> block.insert(insert));
            }
        });
    }

    /**
     * A round's attempts as the blocks they are stored in (about 15 bytes an attempt), made by {@link #encode}. Holds
     * the bytes only, not the attempts; immutable.
     */
    public static final class Encoded {
        private final List<EncodedBlock> blocks;
        private final UniqueIndices unique;

        private Encoded(List<EncodedBlock> blocks, UniqueIndices unique) {
            this.blocks = blocks;
            this.unique = unique;
        }
    }

    /** One block's row. */
    private record EncodedBlock(String chainId, int round, int firstIndex, int lastIndex, int count,
            long sameLevelRetries, byte[] data) {
        void insert(Sql.Prepared statement) {
            statement.update(chainId, round, firstIndex, lastIndex, count, sameLevelRetries, data);
        }
    }

    /**
     * The indices given so far, by chain and round: a second attempt of a task in one call is an error. Consecutive
     * attempts of one round share one group object ({@link BlockRows.Groups}), so a round costs one map look-up.
     */
    private static final class UniqueIndices {
        private final Map<BlockRows.Group, BitSet> indices = new HashMap<>();
        private BlockRows.Group lastGroup;
        private BitSet lastIndices;

        void add(BlockRows.Group group, AttemptRecord a) {
            if (group != lastGroup) {
                lastGroup = group;
                lastIndices = indices.computeIfAbsent(group, k -> new BitSet());
            }
            if (lastIndices.get(a.index())) {
                throw secondAttempt(a.chainId(), a.index(), a.round());
            }
            lastIndices.set(a.index());
        }
    }

    /** Runs {@code write} in a savepoint, then fails (and keeps nothing) if a stored block has one of the indices. */
    private void insertChecked(UniqueIndices unique, Runnable write) {
        sql.execute("SAVEPOINT insert_attempts");
        try {
            long storedBefore = BlockRows.maxRowid(sql, "attempt_blocks");
            write.run();
            unique.indices.forEach((key, indices) -> requireNoneStored(key, indices, storedBefore));
        } catch (RuntimeException e) {
            sql.execute("ROLLBACK TO insert_attempts");
            sql.execute("RELEASE insert_attempts");
            throw e;
        }
        sql.execute("RELEASE insert_attempts");
    }

    /** Stores attempts known to be unique (the rows of a version-6 store, which a primary key kept so), unchecked. */
    void insertUnique(Iterable<AttemptRecord> attempts) {
        sql.requireWritable();
        try (Sql.Prepared insert = sql.prepare(INSERT_BLOCK)) {
            forEachBlock(attempts, null, block -> block.insert(insert));
        }
    }

    /**
     * Cuts attempts into blocks and encodes each as it is full: one block's attempts are held at a time.
     *
     * @param unique checks each attempt's index (null: unchecked)
     */
    private static void forEachBlock(Iterable<AttemptRecord> attempts, UniqueIndices unique,
            Consumer<EncodedBlock> sink) {
        BlockRows.Groups groups = new BlockRows.Groups();
        BlockBuffer<AttemptRecord> blocks = new BlockBuffer<>(AttemptBlockCodec.MAX_ATTEMPTS,
                a -> groups.of(a.chainId(), a.round()), AttemptRecord::index, block -> {
                    AttemptRecord first = block.get(0);
                    long sameLevelRetries = block.stream()
                            .filter(a -> a.outcome() == Outcome.RETRY_SAME_LEVEL).count();
                    sink.accept(new EncodedBlock(first.chainId(), first.round(), first.index(),
                            block.get(block.size() - 1).index(), block.size(), sameLevelRetries,
                            AttemptBlockCodec.encode(block)));
                });
        for (AttemptRecord a : attempts) {
            if (unique != null) {
                unique.add(groups.of(a.chainId(), a.round()), a);
            }
            blocks.add(a);
        }
        blocks.flush();
    }

    /** Fails if a block stored before this call ({@code rowid <= storedBefore}) has one of {@code indices}. */
    private void requireNoneStored(BlockRows.Group key, BitSet indices, long storedBefore) {
        List<BlockRow> stored = blockRows("round = ? AND rowid <= ? AND first_index <= ? AND last_index >= ?",
                key.chainId(), key.round(), storedBefore, indices.length() - 1, indices.nextSetBit(0));
        try (Sql.Prepared load = sql.prepare(LOAD_BLOCK)) {
            for (BlockRow row : stored) {
                for (int index : AttemptBlockCodec.indices(BlockRows.data(load, row.rowid(), "attempts"))) {
                    if (indices.get(index)) {
                        throw secondAttempt(key.chainId(), index, key.round());
                    }
                }
            }
        }
    }

    private static StoreException secondAttempt(String chainId, int index, int round) {
        return new StoreException("task " + index + " of chain " + chainId + " already has an attempt in round "
                + round + " (UNIQUE: a task has one attempt per round)");
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
        List<AttemptRecord> attempts = new ArrayList<>();
        forEachByRound(chainId, attempts::add);
        return attempts;
    }

    /** A round's attempts by index. */
    public List<AttemptRecord> forRound(String chainId, int round) {
        List<AttemptRecord> attempts = new ArrayList<>();
        merge(chainId, AttemptBlock.Order.BY_ROUND, 0, Integer.MAX_VALUE, blockRows("round = ?", chainId, round),
                c -> attempts.add(c.record()));
        return attempts;
    }

    /** Hands a chain's attempts to {@code sink} one at a time, by round then index; nothing is collected. */
    public void forEachByRound(String chainId, Consumer<AttemptRecord> sink) {
        merge(chainId, AttemptBlock.Order.BY_ROUND, 0, Integer.MAX_VALUE, blockRows(null, chainId),
                c -> sink.accept(c.record()));
    }

    /** Hands a chain's attempts to {@code sink} one at a time, by index then round (a task's history in order). */
    public void forEachByTask(String chainId, Consumer<AttemptRecord> sink) {
        merge(chainId, AttemptBlock.Order.BY_TASK, 0, Integer.MAX_VALUE, blockRows(null, chainId),
                c -> sink.accept(c.record()));
    }

    /**
     * The attempts of the chain's tasks in {@code [first, last]}, by index then round, as positions in their decoded
     * blocks (a caller that needs a field or two builds no record).
     */
    void forEachInRange(String chainId, int first, int last, Consumer<AttemptBlock.Cursor> sink) {
        merge(chainId, AttemptBlock.Order.BY_TASK, first, last,
                blockRows("first_index <= ? AND last_index >= ?", chainId, last, first), sink);
    }

    /**
     * Hands every task of the chain that has an attempt or a final outcome to {@code sink}, by index, with its
     * attempts in round order: one task in memory at a time. The attempts (merged across rounds) and the outcomes
     * are read side by side, both in index order.
     *
     * @param unsuccessfulOnly only tasks whose final outcome is not COMPLETED
     */
    public void forEachTask(String chainId, boolean unsuccessfulOnly, Consumer<TaskHistory> sink) {
        try (Sql.Prepared load = sql.prepare(LOAD_BLOCK);
                OutcomeTable.Reader outcomes = OutcomeTable.reader(sql, chainId,
                        o -> !unsuccessfulOnly || o != FinalOutcome.COMPLETED)) {
            BlockMerge<BlockRow, AttemptBlock.Cursor> attempts = merger(load, chainId, AttemptBlock.Order.BY_TASK, 0,
                    Integer.MAX_VALUE, blockRows(null, chainId));
            boolean attemptsLeft = attempts.next();
            boolean outcomesLeft = outcomes.next();
            while (unsuccessfulOnly ? outcomesLeft : attemptsLeft || outcomesLeft) {
                int index = Math.min(attemptsLeft ? attempts.current().index() : Integer.MAX_VALUE,
                        outcomesLeft ? outcomes.current().index() : Integer.MAX_VALUE);
                Optional<TaskOutcomeRecord> outcome = Optional.empty();
                if (outcomesLeft && outcomes.current().index() == index) {
                    outcome = Optional.of(outcomes.current().record());
                    outcomesLeft = outcomes.next();
                }
                boolean wanted = !unsuccessfulOnly || outcome.isPresent();
                List<AttemptRecord> history = new ArrayList<>(2);
                while (attemptsLeft && attempts.current().index() == index) {
                    if (wanted) {
                        history.add(attempts.current().record());
                    }
                    attemptsLeft = attempts.next();
                }
                if (wanted) {
                    sink.accept(new TaskHistory(index, history, outcome));
                }
            }
        }
    }

    /** How many attempts of the chain are recorded. */
    public int count(String chainId) {
        int[] count = {0};
        sql.forEach("SELECT coalesce(sum(task_count), 0) FROM attempt_blocks WHERE chain_id = ?",
                rs -> count[0] = rs.getInt(1), chainId);
        return count[0];
    }

    /**
     * For each of {@code indices}, how many of its attempts in rounds before {@code beforeRound} had the outcome
     * RETRY_SAME_LEVEL. Indices with none are absent from the map ({@code getOrDefault(index, 0)}). Only the blocks
     * that have such an attempt are read (their row counts them).
     */
    public Map<Integer, Integer> sameLevelRetryCounts(String chainId, IndexSet indices, int beforeRound) {
        Map<Integer, Integer> counts = new HashMap<>();
        List<BlockRow> rows = blockRows("round < ? AND same_level_retries > 0", chainId, beforeRound);
        try (Sql.Prepared load = sql.prepare(LOAD_BLOCK)) {
            for (BlockRow row : rows) {
                AttemptBlock block = AttemptBlockCodec.decode(chainId, row.round(),
                        BlockRows.data(load, row.rowid(), "attempts"));
                for (int i = 0; i < block.size; i++) {
                    if (block.outcomes[i] == Outcome.RETRY_SAME_LEVEL && indices.contains(block.indices[i])) {
                        counts.merge(block.indices[i], 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** A stored block before it is read: its row's columns. */
    private record BlockRow(long rowid, int round, int firstIndex, int lastIndex) {
    }

    /** The block rows of a chain, with {@code where} (or none) ANDed to the chain: its values follow the chain id. */
    private List<BlockRow> blockRows(String where, Object... values) {
        return sql.query("SELECT rowid, round, first_index, last_index FROM attempt_blocks WHERE chain_id = ?"
                        + (where == null ? "" : " AND " + where),
                rs -> new BlockRow(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)), values);
    }

    /** Merges the blocks of {@code rows} in {@code order}, handing each attempt in {@code [first, last]} to sink. */
    private void merge(String chainId, AttemptBlock.Order order, int first, int last, List<BlockRow> rows,
            Consumer<AttemptBlock.Cursor> sink) {
        try (Sql.Prepared load = sql.prepare(LOAD_BLOCK)) {
            BlockMerge<BlockRow, AttemptBlock.Cursor> merge = merger(load, chainId, order, first, last, rows);
            while (merge.next()) {
                sink.accept(merge.current());
            }
        }
    }

    /** The merge of the blocks of {@code rows} (sorted here) in {@code order}, read with {@code load}. */
    private static BlockMerge<BlockRow, AttemptBlock.Cursor> merger(Sql.Prepared load, String chainId,
            AttemptBlock.Order order, int first, int last, List<BlockRow> rows) {
        ToLongFunction<BlockRow> firstKey = order == AttemptBlock.Order.BY_TASK
                ? r -> BlockMerge.key(r.firstIndex(), r.round())
                : r -> BlockMerge.key(r.round(), r.firstIndex());
        rows.sort(Comparator.comparingLong(firstKey));
        return new BlockMerge<>(rows, firstKey, r -> AttemptBlockCodec.decode(chainId, r.round(),
                BlockRows.data(load, r.rowid(), "attempts")).cursor(order, first, last));
    }
}
