package dev.memescalate.indexset;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

/**
 * An immutable, sorted set of array task indices in {@code [0, MAX_INDEX]}.
 *
 * <p>Representation: whichever of two forms is smaller, chosen once when the set is built.
 * <ul>
 *   <li>runs: maximal contiguous runs as {@code int[] starts, int[] ends} (inclusive), 8 bytes per run, so a
 *       contiguous million indices is one run;</li>
 *   <li>values: the sorted indices as an {@code int[]}, 4 bytes per index, used when the runs would take more
 *       (fewer than two indices per run on average), so a scattered million indices is at most 4 MB.</li>
 * </ul>
 * The form is a function of the set alone, so two equal sets always have the same form. Set operations walk
 * both operands run by run and cost O(runs of both), never more than O(size); nothing is boxed.
 */
public final class IndexSet {
    /**
     * The largest index a set may hold. One below {@code Integer.MAX_VALUE} so that {@code last + 1} and the
     * size of {@code range(0, MAX_INDEX)} fit in an int. Slurm's own limit (MaxArraySize, at most 4000001) is far
     * lower and is checked where specs are parsed or split.
     */
    public static final int MAX_INDEX = Integer.MAX_VALUE - 1;

    private static final IndexSet EMPTY = new IndexSet(new int[0], new int[0], 0, 0);

    /** Run starts, or the sorted values when {@code ends == null}. */
    private final int[] starts;
    /** Run ends (inclusive), or null in the values form. */
    private final int[] ends;
    private final int runCount;
    private final int size;

    private IndexSet(int[] starts, int[] ends, int runCount, int size) {
        this.starts = starts;
        this.ends = ends;
        this.runCount = runCount;
        this.size = size;
    }

    public static IndexSet empty() {
        return EMPTY;
    }

    /** Any order, duplicates allowed; an index outside {@code [0, MAX_INDEX]} is rejected. */
    public static IndexSet of(int... indices) {
        return copyOf(indices);
    }

    /** Like {@link #of}: the array is copied and sorted, the caller's array is left alone. */
    public static IndexSet copyOf(int[] indices) {
        int[] sorted = indices.clone();
        Arrays.sort(sorted);
        return fromSorted(sorted);
    }

    /** Bulk construction from indices in ascending order (duplicates allowed); O(n), no sorting. */
    public static IndexSet fromSorted(int[] ascending) {
        Builder builder = new Builder();
        for (int index : ascending) {
            builder.add(index);
        }
        return builder.build();
    }

    /** The closed range {@code [first, last]}; empty when {@code last < first}. */
    public static IndexSet range(int first, int last) {
        if (last < first) {
            return EMPTY;
        }
        return new Builder().addRange(first, last).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The number of maximal contiguous runs ({@code 0-4,7,9-10} has 3). */
    public int runCount() {
        return runCount;
    }

    public boolean contains(int index) {
        if (isValuesForm()) {
            return Arrays.binarySearch(starts, 0, size, index) >= 0;
        }
        int pos = Arrays.binarySearch(starts, 0, runCount, index);
        if (pos >= 0) {
            return true;
        }
        int run = -pos - 2; // the last run starting before index
        return run >= 0 && index <= ends[run];
    }

    public int first() {
        requireNonEmpty();
        return starts[0];
    }

    public int last() {
        requireNonEmpty();
        return isValuesForm() ? starts[size - 1] : ends[runCount - 1];
    }

    /** The indices in ascending order. */
    public PrimitiveIterator.OfInt iterator() {
        return new PrimitiveIterator.OfInt() {
            private final RunCursor runs = runCursor();
            private long next = 1;
            private long end = 0;

            @Override
            public boolean hasNext() {
                if (next <= end) {
                    return true;
                }
                if (!runs.advance()) {
                    return false;
                }
                next = runs.start;
                end = runs.end;
                return true;
            }

            @Override
            public int nextInt() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return (int) next++;
            }
        };
    }

    public IntStream stream() {
        int characteristics = Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT
                | Spliterator.NONNULL | Spliterator.IMMUTABLE;
        return StreamSupport.intStream(Spliterators.spliterator(iterator(), size, characteristics), false);
    }

    public int[] toArray() {
        if (isValuesForm()) {
            return Arrays.copyOf(starts, size);
        }
        int[] out = new int[size];
        int pos = 0;
        for (int r = 0; r < runCount; r++) {
            for (int i = starts[r]; i <= ends[r]; i++) {
                out[pos++] = i;
            }
        }
        return out;
    }

    /** The indices in {@code [from, to]}; O(runs). */
    public IndexSet between(int from, int to) {
        if (isEmpty() || to < from || to < first() || from > last()) {
            return EMPTY;
        }
        return intersect(range(Math.max(from, 0), Math.min(to, MAX_INDEX)));
    }

    public IndexSet union(IndexSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        RunCursor a = runCursor();
        RunCursor b = other.runCursor();
        Builder out = new Builder();
        boolean hasA = a.advance();
        boolean hasB = b.advance();
        while (hasA || hasB) {
            boolean takeA = hasA && (!hasB || a.start <= b.start);
            if (takeA) {
                out.addRange(a.start, a.end);
                hasA = a.advance();
            } else {
                out.addRange(b.start, b.end);
                hasB = b.advance();
            }
        }
        return out.build();
    }

    public IndexSet intersect(IndexSet other) {
        RunCursor a = runCursor();
        RunCursor b = other.runCursor();
        Builder out = new Builder();
        boolean hasA = a.advance();
        boolean hasB = b.advance();
        while (hasA && hasB) {
            int lo = Math.max(a.start, b.start);
            int hi = Math.min(a.end, b.end);
            if (lo <= hi) {
                out.addRange(lo, hi);
            }
            if (a.end < b.end) {
                hasA = a.advance();
            } else {
                hasB = b.advance();
            }
        }
        return out.build();
    }

    public IndexSet minus(IndexSet other) {
        if (isEmpty() || other.isEmpty()) {
            return this;
        }
        RunCursor a = runCursor();
        RunCursor b = other.runCursor();
        Builder out = new Builder();
        boolean hasB = b.advance();
        while (a.advance()) {
            long from = a.start; // the part of the current run not yet removed or emitted
            while (hasB && b.end < from) {
                hasB = b.advance();
            }
            while (hasB && b.start <= a.end) {
                if (b.start > from) {
                    out.addRange((int) from, b.start - 1);
                }
                from = Math.max(from, (long) b.end + 1);
                if (b.end > a.end) {
                    break; // b's run also cuts into a's next run
                }
                hasB = b.advance();
            }
            if (from <= a.end) {
                out.addRange((int) from, a.end);
            }
        }
        return out.build();
    }

    /**
     * An estimate of the heap this set takes, in bytes (object header and fields plus its arrays), for capacity
     * planning and the benchmark. Assumes a 64-bit JVM with compressed oops.
     */
    public long estimatedBytes() {
        long object = 12 + 4 + 4 + 4 + 4; // header, two references, two ints
        long arrays = arrayBytes(starts.length) + (ends == null ? 0 : arrayBytes(ends.length));
        return align8(object) + arrays;
    }

    private static long arrayBytes(int length) {
        return align8(16 + 4L * length);
    }

    private static long align8(long bytes) {
        return (bytes + 7) & ~7L;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IndexSet other) || other.size != size || other.runCount != runCount) {
            return false;
        }
        RunCursor a = runCursor();
        RunCursor b = other.runCursor();
        while (a.advance() && b.advance()) {
            if (a.start != b.start || a.end != b.end) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        RunCursor runs = runCursor();
        while (runs.advance()) {
            hash = 31 * (31 * hash + runs.start) + runs.end;
        }
        return hash;
    }

    /** Runs in Slurm's notation, e.g. {@code IndexSet[0-4,7,9-10]}; long sets are cut after 20 runs. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("IndexSet[");
        RunCursor runs = runCursor();
        int shown = 0;
        while (runs.advance()) {
            if (shown == 20) {
                text.append(",... (").append(size).append(" indices in ").append(runCount).append(" runs)");
                break;
            }
            if (shown++ > 0) {
                text.append(',');
            }
            text.append(runs.start);
            if (runs.end != runs.start) {
                text.append('-').append(runs.end);
            }
        }
        return text.append(']').toString();
    }

    /** A cursor over the maximal runs of this set, in ascending order. */
    RunCursor runCursor() {
        return new RunCursor(this);
    }

    private boolean isValuesForm() {
        return ends == null;
    }

    private void requireNonEmpty() {
        if (isEmpty()) {
            throw new NoSuchElementException("the index set is empty");
        }
    }

    /** Walks the maximal runs of a set: call {@link #advance()}, then read {@link #start} and {@link #end}. */
    static final class RunCursor {
        private final IndexSet set;
        private int position;
        int start;
        int end;

        private RunCursor(IndexSet set) {
            this.set = set;
        }

        boolean advance() {
            if (set.isValuesForm()) {
                int[] values = set.starts;
                if (position >= set.size) {
                    return false;
                }
                start = values[position];
                end = start;
                position++;
                while (position < set.size && values[position] == end + 1) {
                    end++;
                    position++;
                }
                return true;
            }
            if (position >= set.runCount) {
                return false;
            }
            start = set.starts[position];
            end = set.ends[position];
            position++;
            return true;
        }
    }

    /**
     * Builds a set from indices and ranges added in ascending order of their first index; overlapping and
     * adjacent additions merge. One builder builds one set.
     */
    public static final class Builder {
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private int runCount;
        private int size;
        private boolean built;

        private Builder() {
        }

        public Builder add(int index) {
            return addRange(index, index);
        }

        /** Adds {@code [first, last]}; {@code first} must not be below the first index of the last addition. */
        public Builder addRange(int first, int last) {
            if (built) {
                throw new IllegalStateException("this builder has already built its set");
            }
            if (first < 0 || last > MAX_INDEX) {
                throw new IllegalArgumentException(
                        "array index must be in [0, " + MAX_INDEX + "], got " + (first < 0 ? first : last));
            }
            if (last < first) {
                throw new IllegalArgumentException("range " + first + "-" + last + " is backwards");
            }
            if (runCount > 0) {
                int lastStart = starts[runCount - 1];
                int lastEnd = ends[runCount - 1];
                if (first < lastStart) {
                    throw new IllegalArgumentException("indices must be added in ascending order: " + first
                            + " after " + lastStart);
                }
                boolean touchesLastRun = first <= lastEnd + 1;
                if (touchesLastRun) {
                    if (last > lastEnd) {
                        size += last - lastEnd;
                        ends[runCount - 1] = last;
                    }
                    return this;
                }
            }
            if (runCount == starts.length) {
                int capacity = starts.length * 2;
                starts = Arrays.copyOf(starts, capacity);
                ends = Arrays.copyOf(ends, capacity);
            }
            starts[runCount] = first;
            ends[runCount] = last;
            runCount++;
            size += last - first + 1;
            return this;
        }

        public IndexSet build() {
            built = true;
            if (runCount == 0) {
                return EMPTY;
            }
            // Runs cost 8 bytes each, values 4 bytes each: keep whichever form is smaller.
            boolean runsAreSmaller = 2L * runCount <= size;
            if (runsAreSmaller) {
                return new IndexSet(Arrays.copyOf(starts, runCount), Arrays.copyOf(ends, runCount), runCount, size);
            }
            int[] values = new int[size];
            int pos = 0;
            for (int r = 0; r < runCount; r++) {
                for (int i = starts[r]; i <= ends[r]; i++) {
                    values[pos++] = i;
                }
            }
            return new IndexSet(values, null, runCount, size);
        }
    }
}
