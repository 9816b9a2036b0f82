package dev.memescalate.store;

import dev.memescalate.policy.Outcome;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A decoded block of attempts (see {@link AttemptBlockCodec}): one round's, by index, column by column. */
final class AttemptBlock {
    final String chainId;
    final int round;
    final int size;
    final int[] indices;
    final int[] levels;
    final String[] jobIds;
    final String[] states;
    final String[] rawStates;
    final int[] exitCodes;
    final int[] signals;
    final OptionalLong[] elapsed;
    final OptionalLong[] maxRss;
    final Optional<String>[] nodes;
    final Optional<Instant>[] starts;
    final Optional<Instant>[] ends;
    final OptionalInt[] allocCpus;
    final Optional<String>[] batchStates;
    final Optional<String>[] batchExitCodes;
    final Outcome[] outcomes;
    final String[] reasons;

    @SuppressWarnings("unchecked")
    AttemptBlock(String chainId, int round, int[] indices) {
        this.chainId = chainId;
        this.round = round;
        this.size = indices.length;
        this.indices = indices;
        levels = new int[size];
        jobIds = new String[size];
        states = new String[size];
        rawStates = new String[size];
        exitCodes = new int[size];
        signals = new int[size];
        elapsed = new OptionalLong[size];
        maxRss = new OptionalLong[size];
        nodes = new Optional[size];
        starts = new Optional[size];
        ends = new Optional[size];
        allocCpus = new OptionalInt[size];
        batchStates = new Optional[size];
        batchExitCodes = new Optional[size];
        outcomes = new Outcome[size];
        reasons = new String[size];
    }

    AttemptRecord record(int i) {
        return new AttemptRecord(chainId, indices[i], round, levels[i], jobIds[i], states[i], rawStates[i],
                exitCodes[i], signals[i], elapsed[i], maxRss[i], nodes[i], starts[i], ends[i], allocCpus[i],
                batchStates[i], batchExitCodes[i], outcomes[i], reasons[i]);
    }

    /** The position of the first attempt with an index of at least {@code index} ({@link #size} if none). */
    int firstAtOrAfter(int index) {
        return BlockMerge.firstAtOrAfter(indices, index);
    }

    /** Which way a merge orders attempts. */
    enum Order {
        /** By index, then round: a task's history in order. */
        BY_TASK,
        /** By round, then index. */
        BY_ROUND
    }

    /**
     * A position in this block, for {@link BlockMerge}, over the attempts with indices in {@code [first, last]};
     * null when there are none.
     */
    Cursor cursor(Order order, int first, int last) {
        int from = firstAtOrAfter(first);
        int to = last == Integer.MAX_VALUE ? size : firstAtOrAfter(last + 1);
        return from < to ? new Cursor(order, from, to) : null;
    }

    final class Cursor implements BlockMerge.Cursor {
        private final Order order;
        private final int end;
        private int at;

        private Cursor(Order order, int from, int end) {
            this.order = order;
            this.at = from;
            this.end = end;
        }

        @Override
        public long key() {
            return order == Order.BY_TASK ? BlockMerge.key(indices[at], round) : BlockMerge.key(round, indices[at]);
        }

        @Override
        public boolean advance() {
            return ++at < end;
        }

        int index() {
            return indices[at];
        }

        int level() {
            return levels[at];
        }

        OptionalLong elapsedSeconds() {
            return elapsed[at];
        }

        AttemptRecord record() {
            return AttemptBlock.this.record(at);
        }
    }
}
