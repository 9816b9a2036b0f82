package dev.memescalate.store;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Reads stored blocks as one sequence ordered by a {@code long} key (for attempts by task, {@code index << 32 |
 * round}): a k-way merge. The blocks are taken in the order of their first key and opened (read from the store and
 * decoded) only when the merge reaches that key, so only the blocks that overlap the current key are in memory: one
 * per round for the blocks of a chain's rounds, whatever the chain's size. Blocks may overlap each other in any way.
 *
 * @param <M> what describes a block before it is read (its row's columns)
 * @param <C> a decoded block with a position in it
 */
final class BlockMerge<M, C extends BlockMerge.Cursor> {
    /** A position in a decoded block; opened at its first element. */
    interface Cursor {
        /** The key of the element at the position. */
        long key();

        /** Moves to the next element; false after the last. */
        boolean advance();
    }

    private final List<M> blocks;
    private final ToLongFunction<M> firstKey;
    private final Function<M, C> open;
    private final PriorityQueue<C> heap = new PriorityQueue<>(Comparator.comparingLong(Cursor::key));
    private int nextBlock;
    private C current;

    /**
     * @param blocks in the order of {@code firstKey}
     * @param firstKey a key no greater than that of any element of the block
     * @param open reads and decodes a block, positioned at its first element; null when it has none (wanted)
     */
    BlockMerge(List<M> blocks, ToLongFunction<M> firstKey, Function<M, C> open) {
        this.blocks = blocks;
        this.firstKey = firstKey;
        this.open = open;
    }

    /** Moves to the next element of the merged sequence; false after the last. */
    boolean next() {
        if (current != null && current.advance()) {
            heap.add(current);
        }
        current = null;
        while (nextBlock < blocks.size()
                && (heap.isEmpty() || firstKey.applyAsLong(blocks.get(nextBlock)) <= heap.peek().key())) {
            C opened = open.apply(blocks.get(nextBlock++));
            if (opened != null) {
                heap.add(opened);
            }
        }
        current = heap.poll();
        return current != null;
    }

    /** The block positioned at the element {@link #next} moved to. */
    C current() {
        return current;
    }

    /** The position of the first of ascending {@code indices} at least {@code index} (their length if none). */
    static int firstAtOrAfter(int[] indices, int index) {
        int low = 0;
        int high = indices.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (indices[mid] < index) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** {@code high << 32 | low} for two non-negative ints: ordered by {@code high}, then {@code low}. */
    static long key(int high, int low) {
        return (long) high << 32 | low;
    }
}
