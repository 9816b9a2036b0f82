package dev.memescalate.store;

import java.util.function.Predicate;

/** A decoded block of final outcomes (see {@link OutcomeBlockCodec}): one round's, by index. */
final class OutcomeBlock {
    final String chainId;
    final int round;
    final int size;
    final int[] indices;
    final FinalOutcome[] outcomes;
    final int[] levels;
    final String[] reasons;

    OutcomeBlock(String chainId, int round, int[] indices) {
        this.chainId = chainId;
        this.round = round;
        this.size = indices.length;
        this.indices = indices;
        outcomes = new FinalOutcome[size];
        levels = new int[size];
        reasons = new String[size];
    }

    TaskOutcomeRecord record(int i) {
        return new TaskOutcomeRecord(chainId, indices[i], outcomes[i], round, levels[i], reasons[i]);
    }

    /**
     * A position in this block, for {@link BlockMerge}, over the outcomes with indices in {@code [first, last]} that
     * {@code wanted} keeps, keyed {@code index << 32 | rank} (rank orders equal indices of several chains); null
     * when there are none.
     */
    Cursor cursor(int first, int last, Predicate<FinalOutcome> wanted, int rank) {
        Cursor cursor = new Cursor(first, last, wanted, rank);
        return cursor.advanceToWanted() ? cursor : null;
    }

    final class Cursor implements BlockMerge.Cursor {
        private final int last;
        private final Predicate<FinalOutcome> wanted;
        private final int rank;
        private int at;

        private Cursor(int first, int last, Predicate<FinalOutcome> wanted, int rank) {
            this.last = last;
            this.wanted = wanted;
            this.rank = rank;
            this.at = BlockMerge.firstAtOrAfter(indices, first);
        }

        private boolean advanceToWanted() {
            while (at < size && indices[at] <= last && !wanted.test(outcomes[at])) {
                at++;
            }
            return at < size && indices[at] <= last;
        }

        @Override
        public long key() {
            return BlockMerge.key(indices[at], rank);
        }

        @Override
        public boolean advance() {
            at++;
            return advanceToWanted();
        }

        int index() {
            return indices[at];
        }

        int level() {
            return levels[at];
        }

        String chainId() {
            return chainId;
        }

        /** The rank the reader gave this block's chain (0 when it reads one chain). */
        int rank() {
            return rank;
        }

        TaskOutcomeRecord record() {
            return OutcomeBlock.this.record(at);
        }
    }
}
