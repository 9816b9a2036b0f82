package dev.memescalate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Cuts a stream of records into blocks for the store: a block is a run of records of one group (chain and round)
 * in strictly ascending index order, of at most {@code capacity}; a new block starts when the group changes, the
 * index does not ascend, or the block is full. Only one block's records are held at a time. Blocks of one group
 * may so overlap in index (a caller that writes its completed tasks, then its failed ones): readers merge them.
 *
 * @param <R> a record
 */
final class BlockBuffer<R> {
    private final int capacity;
    private final Function<R, Object> group;
    private final ToIntFunction<R> index;
    private final Consumer<List<R>> write;
    private final List<R> pending;
    private Object pendingGroup;
    private int lastIndex;

    /**
     * @param write stores one block: records of one group, by ascending index (the list is reused afterwards)
     */
    BlockBuffer(int capacity, Function<R, Object> group, ToIntFunction<R> index, Consumer<List<R>> write) {
        this.capacity = capacity;
        this.group = group;
        this.index = index;
        this.write = write;
        this.pending = new ArrayList<>(Math.min(capacity, 1024));
    }

    void add(R record) {
        Object recordGroup = group.apply(record);
        int recordIndex = index.applyAsInt(record);
        boolean continuesBlock = !pending.isEmpty() && pending.size() < capacity && recordIndex > lastIndex
                && Objects.equals(recordGroup, pendingGroup);
        if (!continuesBlock) {
            flush();
            pendingGroup = recordGroup;
        }
        pending.add(record);
        lastIndex = recordIndex;
    }

    /** Stores the block being filled, if any. */
    void flush() {
        if (!pending.isEmpty()) {
            write.accept(pending);
            pending.clear();
        }
    }
}
