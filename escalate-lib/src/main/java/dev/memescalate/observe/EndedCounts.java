package dev.memescalate.observe;

import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * How the ended tasks of one array job ended, from {@code sacct -X} (allocation rows only): the breakdown a live
 * view shows next to squeue's counts. Rows of tasks that have not ended (running, or a pending range) are skipped.
 */
public record EndedCounts(int completed, int outOfMemory, int timeout, int failed, int cancelled) {

    public int ended() {
        return completed + outOfMemory + timeout + failed + cancelled;
    }

    /** Counts each array job's ended task rows in a parsed {@code sacct -X} answer. */
    public static Map<String, EndedCounts> of(SacctOutput output) {
        Map<String, int[]> counts = new HashMap<>();
        for (SacctRecord row : output.records()) {
            if (row.taskIndex().isEmpty() || !row.isAllocation() || !row.state().isTerminal()) {
                continue;
            }
            int[] c = counts.computeIfAbsent(Long.toString(row.jobId()), id -> new int[5]);
            c[bucket(row.state())]++;
        }
        Map<String, EndedCounts> byJob = new HashMap<>();
        counts.forEach((id, c) -> byJob.put(id, new EndedCounts(c[0], c[1], c[2], c[3], c[4])));
        return byJob;
    }

    private static int bucket(JobState state) {
        return switch (state) {
            case COMPLETED -> 0;
            case OUT_OF_MEMORY -> 1;
            case TIMEOUT -> 2;
            case CANCELLED -> 4;
            default -> 3;
        };
    }
}
