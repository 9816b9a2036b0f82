package dev.memescalate.slurm;

import java.util.Arrays;

/**
 * What sacct says of each task slot ({@link TaskSlots}), one primitive array per value: about 57 bytes per task and
 * no object per task or row. Ids point into the {@link SacctRowReader}'s text tables. Absent values are -1
 * ({@link SacctRowReader#NO_VALUE}, or "no id") and {@link SacctRowReader#NO_TIME}. Filled by
 * {@link RoundAccounting.Folder}, read-only afterwards.
 */
final class TaskColumns {
    /** {@link #source} of a slot no allocation row spoke for (yet); other values are 1 + a TaskRecord.Source ordinal. */
    static final byte NO_ROW = 0;

    // From the allocation row that gives the task's state.
    final byte[] source;
    final int[] state;
    final int[] exitCode;
    final long[] elapsedSeconds;
    final int[] nodeList;
    final long[] startEpochSecond;
    final long[] endEpochSecond;
    final int[] allocCpus;
    // From the step rows of the task's current run.
    final long[] maxRssBytes;
    final int[] batchState;
    final int[] batchExitCode;

    TaskColumns(int slots) {
        source = new byte[slots];
        state = filled(slots);
        exitCode = filled(slots);
        elapsedSeconds = new long[slots];
        nodeList = filled(slots);
        startEpochSecond = new long[slots];
        endEpochSecond = new long[slots];
        allocCpus = filled(slots);
        maxRssBytes = new long[slots];
        batchState = filled(slots);
        batchExitCode = filled(slots);
        Arrays.fill(elapsedSeconds, SacctRowReader.NO_VALUE);
        Arrays.fill(startEpochSecond, SacctRowReader.NO_TIME);
        Arrays.fill(endEpochSecond, SacctRowReader.NO_TIME);
        Arrays.fill(maxRssBytes, SacctRowReader.NO_VALUE);
    }

    private static int[] filled(int slots) {
        int[] values = new int[slots];
        Arrays.fill(values, -1);
        return values;
    }

    static byte code(TaskRecord.Source source) {
        return (byte) (source.ordinal() + 1);
    }

    static TaskRecord.Source source(byte code) {
        return TaskRecord.Source.values()[code - 1];
    }

    boolean hasRow(int slot) {
        return source[slot] != NO_ROW;
    }

    boolean isTaskRow(int slot) {
        return source[slot] == code(TaskRecord.Source.TASK_ROW);
    }

    /** The allocation values of the row just read, with the kind of row they came from. */
    void setAllocation(int slot, SacctRowReader row, TaskRecord.Source from) {
        source[slot] = code(from);
        state[slot] = row.state;
        exitCode[slot] = row.exitCode;
        elapsedSeconds[slot] = row.elapsedSeconds;
        nodeList[slot] = row.nodeList;
        startEpochSecond[slot] = row.startEpochSecond;
        endEpochSecond[slot] = row.endEpochSecond;
        allocCpus[slot] = row.allocCpus;
    }

    /** The allocation values of one slot given to another (a whole-array row to each task it speaks for). */
    void copyAllocation(int from, int to) {
        source[to] = source[from];
        state[to] = state[from];
        exitCode[to] = exitCode[from];
        elapsedSeconds[to] = elapsedSeconds[from];
        nodeList[to] = nodeList[from];
        startEpochSecond[to] = startEpochSecond[from];
        endEpochSecond[to] = endEpochSecond[from];
        allocCpus[to] = allocCpus[from];
    }

    /** A step row of the task: {@code .batch} gives the batch state, every step may raise MaxRSS. */
    void addStep(int slot, SacctRowReader row) {
        if (row.isBatchStep) {
            batchState[slot] = row.state;
            batchExitCode[slot] = row.exitCode;
        }
        if (row.maxRssBytes != SacctRowReader.NO_VALUE) {
            maxRssBytes[slot] = Math.max(maxRssBytes[slot], row.maxRssBytes);
        }
    }

    /** Forgets the steps of a run that has been replaced by a later run of the same task. */
    void clearSteps(int slot) {
        maxRssBytes[slot] = SacctRowReader.NO_VALUE;
        batchState[slot] = -1;
        batchExitCode[slot] = -1;
    }
}
