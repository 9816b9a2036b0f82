package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.it.SlurmTestCluster.CommandResult;
import dev.memescalate.it.SlurmTestCluster.QueueEntry;
import dev.memescalate.it.SlurmTestCluster.SacctRow;
import dev.memescalate.slurm.JobState;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks that the cluster behaves the way the tool is built around (see /work/shared/SLURM-LOCAL-CLUSTER.md):
 * cgroup OOM, dependencies on a failed array, partition limits. Runs against the real cluster started by
 * {@code docker/local-cluster up}; none of these tests waits for a TIMEOUT.
 *
 * <p>Answers measured on Slurm 22.05.8 (docker/local-cluster, partitions devel/day MaxTime=1, week MaxTime=2; node
 * devel1 1024 MB, day1/day2 2048 MB), pinned by the tests below:
 * <ul>
 *   <li>(a) {@code -p day,week --time=2} runs at once on week: Slurm tries each listed partition and takes one whose
 *       limits fit; it does not pend on day's MaxTime.
 *   <li>(b) {@code -p devel,day --mem=1536M} is accepted and runs on day; only when no listed partition has a node
 *       big enough is sbatch rejected ("Memory specification can not be satisfied").
 *   <li>(c) sbatch, sacct, squeue, scontrol and scancel work inside a job with no extra environment: slurmd sets
 *       SLURM_CONF for the job, even with {@code --export=NONE}.
 * </ul>
 * So a pre-flight check of a multi-partition level must accept it when ANY listed partition fits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSmokeIT {

    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final List<Integer> ARRAY_TASKS = SlurmTestCluster.indices(0, 5);
    private static final int OVER_MEMORY_TASK = 3;

    private SlurmTestCluster cluster;
    private String failedArray;
    private Map<Integer, SacctRow> failedArrayRows;

    @BeforeAll
    void submitArrayWithOneOverMemoryTask() {
        cluster = SlurmTestCluster.connect();
        // tail -n 1 holds its whole input in memory while waiting for a newline that /dev/zero never sends: 300 MB,
        // above the 200 MB cgroup limit, so the kernel kills tail. The script itself goes on and exits 0; Slurm
        // still records OUT_OF_MEMORY 0:125. Plain coreutils, so it also runs in the Docker image (no python3).
        String script = "if [ \"$SLURM_ARRAY_TASK_ID\" = " + OVER_MEMORY_TASK + " ]; then\n"
                + "  head -c 300000000 /dev/zero | tail -n 1 >/dev/null\n"
                + "fi\n"
                + "echo done";
        failedArray = cluster.sbatch(List.of("-p", "day", "--mem=200M", "--array=0-5"), script);
        failedArrayRows = cluster.awaitTerminalTasks(failedArray, ARRAY_TASKS, WAIT);
    }

    @AfterAll
    void cancelLeftoverJobs() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void overMemoryTaskEndsOutOfMemoryWhileItsSiblingsComplete() {
        for (int index : ARRAY_TASKS) {
            SacctRow row = failedArrayRows.get(index);
            boolean isOverMemoryTask = index == OVER_MEMORY_TASK;
            if (isOverMemoryTask) {
                assertThat(row.state()).as("task %d: %s", index, row).isEqualTo(JobState.OUT_OF_MEMORY);
                assertThat(row.exitCode()).as("task %d", index).isEqualTo("0:125");
            } else {
                assertThat(row.state()).as("task %d: %s", index, row).isEqualTo(JobState.COMPLETED);
                assertThat(row.exitCode()).as("task %d", index).isEqualTo("0:0");
            }
        }
    }

    @Test
    void afterokOnFailedArrayPendsForeverWithDependencyNeverSatisfied() {
        String dependent = cluster.sbatch(List.of("--dependency=afterok:" + failedArray), "true");

        Optional<QueueEntry> entry = cluster.awaitQueue(dependent,
                seen -> seen.map(e -> e.reason().equals("DependencyNeverSatisfied")).orElse(false), WAIT,
                "PENDING with reason DependencyNeverSatisfied");
        assertThat(entry).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo("PENDING"));

        cluster.scancel(dependent);
        assertThat(cluster.awaitQueue(dependent, Optional::isEmpty, WAIT, "gone after scancel")).isEmpty();
    }

    @Test
    void afterokWithKillOnInvalidDepLeavesTheQueueAsCancelled() {
        String dependent = cluster.sbatch(
                List.of("--dependency=afterok:" + failedArray, "--kill-on-invalid-dep=yes"), "true");

        assertThat(cluster.awaitQueue(dependent, Optional::isEmpty, WAIT, "removed from the queue")).isEmpty();
        assertThat(cluster.awaitTerminalJob(dependent, WAIT).state()).isEqualTo(JobState.CANCELLED);
    }

    /**
     * A handler's guard ({@code afternotok} on it, {@code --kill-on-invalid-dep=yes}) must go away by itself when the
     * handler succeeds, and run when it fails or is cancelled (the guard then reads how it ended).
     */
    @Test
    void afternotokWithKillOnInvalidDepIsRemovedWhenItsJobSucceedsAndRunsWhenItFailsOrIsCancelled() {
        String succeeds = cluster.sbatch(List.of(), "true");
        String fails = cluster.sbatch(List.of(), "exit 3");
        String cancelled = cluster.sbatch(List.of("--begin=now+600"), "true");
        String guardOfSuccess = cluster.sbatch(
                List.of("--dependency=afternotok:" + succeeds, "--kill-on-invalid-dep=yes"), "true");
        String guardOfFailure = cluster.sbatch(
                List.of("--dependency=afternotok:" + fails, "--kill-on-invalid-dep=yes"), "true");
        String guardOfCancelled = cluster.sbatch(
                List.of("--dependency=afternotok:" + cancelled, "--kill-on-invalid-dep=yes"), "true");
        cluster.scancel(cancelled);

        assertThat(cluster.awaitTerminalJob(guardOfSuccess, WAIT).state()).isEqualTo(JobState.CANCELLED);
        assertThat(cluster.awaitTerminalJob(guardOfFailure, WAIT).state()).isEqualTo(JobState.COMPLETED);
        assertThat(cluster.awaitTerminalJob(guardOfCancelled, WAIT).state()).isEqualTo(JobState.COMPLETED);
        assertThat(cluster.awaitTerminalJob(cancelled, WAIT).stateText()).startsWith("CANCELLED by");
    }

    @Test
    void timeAbovePartitionMaxTimePendsWithPartitionTimeLimit() {
        String tooLong = cluster.sbatch(List.of("-p", "devel", "--time=5"), "true");

        Optional<QueueEntry> entry = cluster.awaitQueue(tooLong,
                seen -> seen.map(e -> e.reason().equals("PartitionTimeLimit")).orElse(false), WAIT,
                "PENDING with reason PartitionTimeLimit");
        assertThat(entry).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo("PENDING"));

        cluster.scancel(tooLong);
    }

    /** (a) day's MaxTime is 1 minute, week's is 2: the job runs on week instead of pending on day. */
    @Test
    void multiPartitionJobRunsOnThePartitionWhoseMaxTimeFits() {
        String job = cluster.sbatch(List.of("-p", "day,week", "--time=2"), "true");

        SacctRow row = cluster.awaitTerminalJob(job, WAIT);

        assertThat(row.state()).isEqualTo(JobState.COMPLETED);
        // Not row.partition(): for a multi-partition job sacct shows an empty Partition for about a second
        // after the terminal row appears (measured), while NodeList is already right.
        assertThat(row.nodeList()).isEqualTo("week1");
    }

    /** (b) devel's only node has 1024 MB, day's have 2048 MB: the job is accepted and runs on day. */
    @Test
    void multiPartitionJobRunsOnThePartitionWhoseNodesHaveTheMemory() {
        String job = cluster.sbatch(List.of("-p", "devel,day", "--mem=1536M"), "true");

        SacctRow row = cluster.awaitTerminalJob(job, WAIT);

        assertThat(row.state()).isEqualTo(JobState.COMPLETED);
        assertThat(row.nodeList()).isIn("day1", "day2");
    }

    /** The contrast to (b): with devel alone, sbatch rejects the job outright. */
    @Test
    void memoryAboveEveryNodeOfThePartitionIsRejectedBySbatch() {
        CommandResult result = cluster.run(List.of("sbatch", "-p", "devel", "--mem=1536M", "--output=/dev/null",
                "--wrap", "true"));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("Memory specification can not be satisfied");
    }

    /**
     * (c) A handler job calls sbatch, sacct, squeue, scontrol and scancel itself. --export=NONE keeps this JVM's SLURM_CONF out of the job,
     * so the job only has what slurmd sets.
     */
    @Test
    void slurmCommandsWorkInsideAJobWithoutExtraEnvironment() throws IOException {
        // Each client command gets its own exit code, so a failure says which one broke.
        String script = "echo \"conf=$SLURM_CONF\"\n"
                + "inner=$(sbatch --parsable --output=/dev/null --wrap true) || exit 1\n"
                + "echo \"inner=${inner%%;*}\"\n"
                + "sacct -n -X -j \"$SLURM_JOB_ID\" -o JobID >/dev/null || exit 2\n"
                + "squeue -h -j \"$SLURM_JOB_ID\" >/dev/null || exit 3\n"
                + "scontrol show job \"$SLURM_JOB_ID\" >/dev/null || exit 4\n"
                + "held=$(sbatch --parsable --hold --output=/dev/null --wrap true) || exit 5\n"
                + "scancel \"${held%%;*}\" || exit 6";
        String outer = cluster.sbatch(List.of("--export=NONE"), script);

        SacctRow outerRow = cluster.awaitTerminalJob(outer, WAIT);
        assertThat(outerRow.state()).as("%s; output in %s", outerRow, cluster.outputOf(outer))
                .isEqualTo(JobState.COMPLETED);
        List<String> output = Files.readAllLines(cluster.outputOf(outer));
        assertThat(output).anyMatch(line -> line.startsWith("conf=/"));
        String inner = output.stream().filter(line -> line.startsWith("inner=")).findFirst()
                .map(line -> line.substring("inner=".length())).orElseThrow();
        assertThat(cluster.awaitTerminalJob(inner, WAIT).state()).isEqualTo(JobState.COMPLETED);
    }
}
