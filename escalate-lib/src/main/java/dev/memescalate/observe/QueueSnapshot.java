package dev.memescalate.observe;

import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@code squeue -r -j IDS} call said of a chain's jobs: for each array job, how many of its tasks are
 * pending and running; for each plain job (handlers, finalizers), its row. squeue lists only jobs that have not
 * ended, so an array task it does not list has ended, and a plain job it does not list is gone.
 */
public record QueueSnapshot(Map<String, TaskCounts> arrays, Map<String, QueuedJob> plainJobs) {

    /** Tasks of one array job that have not ended. */
    public record TaskCounts(int pending, int running) {
        public int notEnded() {
            return pending + running;
        }
    }

    public QueueSnapshot {
        arrays = Map.copyOf(arrays);
        plainJobs = Map.copyOf(plainJobs);
    }

    /**
     * Counts squeue's lines. With {@code -r} every task has its own line ({@code 80_6}); a line for the pending rest
     * of an array ({@code 80_[6-9%3]}, squeue without {@code -r}) counts as the tasks it names.
     */
    public static QueueSnapshot of(List<QueuedJob> rows) {
        Map<String, int[]> counts = new HashMap<>();
        Map<String, QueuedJob> plain = new HashMap<>();
        for (QueuedJob row : rows) {
            if (row.state().isTerminal()) {
                continue; // with -t all, ended jobs are listed too: they are not live
            }
            int underscore = row.jobId().indexOf('_');
            if (underscore < 0) {
                plain.put(row.jobId(), row);
                continue;
            }
            String task = row.jobId().substring(underscore + 1);
            int tasks = task.startsWith("[") && task.endsWith("]")
                    ? ArraySpec.parse(task.substring(1, task.length() - 1)).indices().size()
                    : 1;
            int[] c = counts.computeIfAbsent(row.arrayJobId(), id -> new int[2]);
            c[isWaiting(row.state()) ? 0 : 1] += tasks;
        }
        Map<String, TaskCounts> arrays = new HashMap<>();
        counts.forEach((id, c) -> arrays.put(id, new TaskCounts(c[0], c[1])));
        return new QueueSnapshot(arrays, plain);
    }

    /** Not started (or put back to wait): pending, requeued, held. Everything else alive counts as running. */
    private static boolean isWaiting(JobState state) {
        return switch (state) {
            case PENDING, REQUEUED, REQUEUE_HOLD, REQUEUE_FED, RESV_DEL_HOLD, SPECIAL_EXIT -> true;
            default -> false;
        };
    }

    /** The live tasks of array job {@code id}: none when squeue did not list it (all its tasks ended). */
    public TaskCounts tasksOf(String arrayJobId) {
        return arrays.getOrDefault(arrayJobId, new TaskCounts(0, 0));
    }

    public Optional<QueuedJob> plainJob(String jobId) {
        return Optional.ofNullable(plainJobs.get(jobId));
    }

    /**
     * The tasks of the chain's submitted rounds that squeue lists as running (at most each array's size: squeue and
     * the store are read a moment apart).
     */
    public int runningTasksOf(ChainSnapshot chain) {
        int running = 0;
        for (RoundRecord round : chain.activeRounds()) {
            if (round.status() != RoundStatus.SUBMITTED) {
                continue;
            }
            for (JobRecord array : chain.arraysOf(round.number())) {
                if (array.status() == JobStatus.SUBMITTED) {
                    int size = array.indices().orElseThrow().size();
                    running += Math.min(tasksOf(array.slurmJobId().orElseThrow()).running(), size);
                }
            }
        }
        return running;
    }

    /** Whether squeue listed the job (a plain job, or any task of an array): it has not ended. */
    public boolean lists(String jobId) {
        return plainJobs.containsKey(jobId) || arrays.containsKey(jobId);
    }
}
