package dev.memescalate.slurm;

import java.util.Arrays;

/**
 * Earlier runs of requeued tasks, stored sparsely: with {@code --duplicates} sacct prints one allocation row per run
 * of a task that Slurm requeued (a NODE_FAIL run, then the run that followed under the same id), and only the last is
 * the task's state. Requeues are rare, so these are parallel growable arrays with the slot of each run, sorted by slot
 * (runs of one task stay in the order sacct printed them) once the fold is done.
 */
final class EarlierRuns {
    private int count;
    private int[] slot = new int[0];
    private int[] state = new int[0];
    private int[] exitCode = new int[0];
    private long[] elapsedSeconds = new long[0];
    private int[] nodeList = new int[0];
    private long[] startEpochSecond = new long[0];
    private long[] endEpochSecond = new long[0];

    /** Keeps the allocation values a slot has now, before a later run replaces them. */
    void add(int taskSlot, TaskColumns columns) {
        if (count == slot.length) {
            int capacity = Math.max(16, count * 2);
            slot = Arrays.copyOf(slot, capacity);
            state = Arrays.copyOf(state, capacity);
            exitCode = Arrays.copyOf(exitCode, capacity);
            elapsedSeconds = Arrays.copyOf(elapsedSeconds, capacity);
            nodeList = Arrays.copyOf(nodeList, capacity);
            startEpochSecond = Arrays.copyOf(startEpochSecond, capacity);
            endEpochSecond = Arrays.copyOf(endEpochSecond, capacity);
        }
        slot[count] = taskSlot;
        state[count] = columns.state[taskSlot];
        exitCode[count] = columns.exitCode[taskSlot];
        elapsedSeconds[count] = columns.elapsedSeconds[taskSlot];
        nodeList[count] = columns.nodeList[taskSlot];
        startEpochSecond[count] = columns.startEpochSecond[taskSlot];
        endEpochSecond[count] = columns.endEpochSecond[taskSlot];
        count++;
    }

    /** Orders the runs by slot, keeping sacct's order among the runs of one task. */
    void sortBySlot() {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = (long) slot[i] << 32 | i; // slot first, then the order they were added in
        }
        Arrays.sort(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = (int) keys[i];
        }
        slot = permuted(slot, order);
        state = permuted(state, order);
        exitCode = permuted(exitCode, order);
        nodeList = permuted(nodeList, order);
        elapsedSeconds = permuted(elapsedSeconds, order);
        startEpochSecond = permuted(startEpochSecond, order);
        endEpochSecond = permuted(endEpochSecond, order);
    }

    private static int[] permuted(int[] values, int[] order) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static long[] permuted(long[] values, int[] order) {
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    int count() {
        return count;
    }

    /** The position of the first run of a slot or of a later slot (after {@link #sortBySlot}). */
    int firstAtOrAfter(int taskSlot) {
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (slot[mid] < taskSlot) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    int slot(int run) {
        return slot[run];
    }

    int state(int run) {
        return state[run];
    }

    int exitCode(int run) {
        return exitCode[run];
    }

    long elapsedSeconds(int run) {
        return elapsedSeconds[run];
    }

    int nodeList(int run) {
        return nodeList[run];
    }

    long startEpochSecond(int run) {
        return startEpochSecond[run];
    }

    long endEpochSecond(int run) {
        return endEpochSecond[run];
    }
}
