package dev.memescalate.indexset;

import java.util.Arrays;

/**
 * The runs of a set with the rank of each run's first index: the {@code k}-th smallest index ({@link #select}), the
 * rank of an index ({@link #rank}) and the indices of ranks {@code from..from+count} ({@link #slice}) in
 * O(log runs). Immutable.
 */
final class RankedRuns {
    private final int[] starts;
    private final int[] ends;
    /** ranks[r] = number of indices before run r. */
    private final int[] ranks;
    private final int size;

    RankedRuns(IndexSet set) {
        starts = new int[set.runCount()];
        ends = new int[set.runCount()];
        ranks = new int[set.runCount()];
        IndexSet.RunCursor cursor = set.runCursor();
        int r = 0;
        int rank = 0;
        while (cursor.advance()) {
            starts[r] = cursor.start;
            ends[r] = cursor.end;
            ranks[r] = rank;
            rank += cursor.end - cursor.start + 1;
            r++;
        }
        size = rank;
    }

    int size() {
        return size;
    }

    /** The index of rank {@code rank} (0 is the smallest). */
    int select(int rank) {
        if (rank < 0 || rank >= size) {
            throw new IndexOutOfBoundsException("rank " + rank + " of a set of " + size);
        }
        int run = runOfRank(rank);
        return starts[run] + (rank - ranks[run]);
    }

    /** The rank of {@code index}, or -1 when the set does not hold it. */
    int rank(int index) {
        int pos = Arrays.binarySearch(starts, index);
        int run = pos >= 0 ? pos : -pos - 2;
        if (run < 0 || index > ends[run]) {
            return -1;
        }
        return ranks[run] + (index - starts[run]);
    }

    /** The indices of ranks {@code fromRank .. fromRank + count - 1}. */
    IndexSet slice(int fromRank, int count) {
        IndexSet.Builder out = IndexSet.builder();
        if (count <= 0) {
            return out.build();
        }
        int run = runOfRank(fromRank);
        int remaining = count;
        int first = starts[run] + (fromRank - ranks[run]);
        while (remaining > 0) {
            int last = (int) Math.min(ends[run], (long) first + remaining - 1);
            out.addRange(first, last);
            remaining -= last - first + 1;
            run++;
            if (run < starts.length) {
                first = starts[run];
            }
        }
        return out.build();
    }

    private int runOfRank(int rank) {
        int pos = Arrays.binarySearch(ranks, rank);
        return pos >= 0 ? pos : -pos - 2;
    }
}
