package dev.memescalate.slurm;

import dev.memescalate.indexset.IndexSet;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.PrimitiveIterator;

/**
 * Numbers the expected tasks of a round 0, 1, 2, ...: array by array in the order given, and by index within an
 * array, so per-task values fit in plain arrays indexed by slot. Each array's indices are kept as runs of
 * consecutive indices (one run for {@code 0-999999}), with the slot of each run's first index. Immutable.
 */
final class TaskSlots {
    private final long[] jobIds;
    private final IndexSet[] expected;
    private final int[] firstSlot; // per array, and the task count at [arrays]
    private final int[][] runStarts;
    private final int[][] runEnds;
    private final int[][] runSlots;
    /** Job ids sorted, with the array each stands for, to find an array by id. */
    private final long[] sortedIds;
    private final int[] sortedArrays;

    TaskSlots(Map<Long, IndexSet> expectedByJob) {
        int arrays = expectedByJob.size();
        if (arrays == 0) {
            throw new IllegalArgumentException("expected tasks must name at least one array job, got none");
        }
        jobIds = new long[arrays];
        expected = new IndexSet[arrays];
        firstSlot = new int[arrays + 1];
        runStarts = new int[arrays][];
        runEnds = new int[arrays][];
        runSlots = new int[arrays][];
        long total = 0;
        int a = 0;
        for (Map.Entry<Long, IndexSet> job : expectedByJob.entrySet()) {
            jobIds[a] = Objects.requireNonNull(job.getKey(), "array job id");
            expected[a] = Objects.requireNonNull(job.getValue(), "expected indices of job " + job.getKey());
            firstSlot[a] = (int) total;
            total += expected[a].size();
            if (total > Integer.MAX_VALUE - arrays) {
                throw new IllegalArgumentException("expected tasks must number fewer than 2^31, got " + total);
            }
            buildRuns(a);
            a++;
        }
        firstSlot[arrays] = (int) total;
        Integer[] order = new Integer[arrays];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (x, y) -> Long.compare(jobIds[x], jobIds[y]));
        sortedIds = new long[arrays];
        sortedArrays = new int[arrays];
        for (int i = 0; i < arrays; i++) {
            sortedIds[i] = jobIds[order[i]];
            sortedArrays[i] = order[i];
        }
    }

    private void buildRuns(int a) {
        int capacity = Math.max(1, expected[a].runCount());
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int[] slots = new int[capacity];
        int runs = 0;
        int slot = firstSlot[a];
        for (PrimitiveIterator.OfInt it = expected[a].iterator(); it.hasNext(); slot++) {
            int index = it.nextInt();
            boolean extendsLastRun = runs > 0 && ends[runs - 1] == index - 1;
            if (extendsLastRun) {
                ends[runs - 1] = index;
            } else {
                starts[runs] = index;
                ends[runs] = index;
                slots[runs] = slot;
                runs++;
            }
        }
        runStarts[a] = Arrays.copyOf(starts, runs);
        runEnds[a] = Arrays.copyOf(ends, runs);
        runSlots[a] = Arrays.copyOf(slots, runs);
    }

    int arrays() {
        return jobIds.length;
    }

    long jobId(int array) {
        return jobIds[array];
    }

    IndexSet expected(int array) {
        return expected[array];
    }

    int taskCount() {
        return firstSlot[jobIds.length];
    }

    int firstSlot(int array) {
        return firstSlot[array];
    }

    /** One past the last slot of the array. */
    int endSlot(int array) {
        return firstSlot[array + 1];
    }

    /** The array of a job id, -1 when the round has no such array. */
    int array(long jobId) {
        int at = Arrays.binarySearch(sortedIds, jobId);
        return at < 0 ? -1 : sortedArrays[at];
    }

    int runCount(int array) {
        return runStarts[array].length;
    }

    int runStart(int array, int run) {
        return runStarts[array][run];
    }

    int runEnd(int array, int run) {
        return runEnds[array][run];
    }

    int runSlot(int array, int run) {
        return runSlots[array][run];
    }

    /**
     * The run holding an index, -1 when the index is not expected. {@code hint} (a run, or -1) is tried first,
     * then the run after it: sacct prints a task's rows together and tasks mostly in index order, so most lookups
     * end there.
     */
    int run(int array, int index, int hint) {
        int[] starts = runStarts[array];
        int[] ends = runEnds[array];
        for (int r = Math.max(0, hint); r <= hint + 1 && r < starts.length; r++) {
            if (starts[r] <= index && index <= ends[r]) {
                return r;
            }
        }
        int at = Arrays.binarySearch(starts, index);
        int r = at >= 0 ? at : -at - 2; // the last run starting at or before the index
        return r >= 0 && index <= ends[r] ? r : -1;
    }

    /** The slot of an index in a run that holds it. */
    int slot(int array, int run, int index) {
        return runSlots[array][run] + index - runStarts[array][run];
    }
}
