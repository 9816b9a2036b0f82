package dev.memescalate.indexset;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An immutable, sorted set of non-negative array task indices.
 *
 * <p>PLACEHOLDER representation (a sorted int[]); the indexset work replaces it with one that stays small at a
 * million indices, keeping this API.
 */
public final class IndexSet {
    private static final IndexSet EMPTY = new IndexSet(new int[0]);
    private final int[] sorted;

    private IndexSet(int[] sorted) {
        this.sorted = sorted;
    }

    public static IndexSet empty() {
        return EMPTY;
    }

    /** Any order, duplicates allowed; negative indices are rejected. */
    public static IndexSet of(int... indices) {
        int[] copy = indices.clone();
        Arrays.sort(copy);
        if (copy.length > 0 && copy[0] < 0) {
            throw new IllegalArgumentException("array index must be >= 0, got " + copy[0]);
        }
        return new IndexSet(IntStream.of(copy).distinct().toArray());
    }

    /** The closed range [first, last]. */
    public static IndexSet range(int first, int last) {
        return of(IntStream.rangeClosed(first, last).toArray());
    }

    public int size() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    public boolean contains(int index) {
        return Arrays.binarySearch(sorted, index) >= 0;
    }

    public int first() {
        return sorted[0];
    }

    public int last() {
        return sorted[sorted.length - 1];
    }

    public IntStream stream() {
        return IntStream.of(sorted);
    }

    public int[] toArray() {
        return sorted.clone();
    }

    public IndexSet union(IndexSet other) {
        return of(IntStream.concat(stream(), other.stream()).toArray());
    }

    public IndexSet minus(IndexSet other) {
        return new IndexSet(stream().filter(i -> !other.contains(i)).toArray());
    }

    public IndexSet intersect(IndexSet other) {
        return new IndexSet(stream().filter(other::contains).toArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexSet other && Arrays.equals(sorted, other.sorted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return "IndexSet" + Arrays.toString(sorted);
    }
}
