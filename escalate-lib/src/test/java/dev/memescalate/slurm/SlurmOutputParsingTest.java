package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** sbatch --parsable, squeue and Slurm's error texts, from real output (src/test/resources/slurm-exec/). */
class SlurmOutputParsingTest {

    @Test
    void sbatchParsableJobIdWithAndWithoutCluster() {
        assertThat(SbatchOutput.parseJobId("134\n")).isEqualTo("134");
        assertThat(SbatchOutput.parseJobId("123;lab\n")).isEqualTo("123");
        assertThat(SbatchOutput.parseJobId("sbatch: warning: something\n77\n")).isEqualTo("77");
        assertThatThrownBy(() -> SbatchOutput.parseJobId("Submitted batch job 5\n"))
                .hasMessageContaining("Submitted batch job 5");
    }

    @Test
    void squeueRowsKeepAPipeInTheJobName() {
        var jobs = SqueueParser.parse(Fixtures.read("slurm-exec/squeue-array-and-dependent.txt"));

        assertThat(jobs).hasSize(4);
        assertThat(jobs.get(0)).isEqualTo(new QueuedJob(
                "67_[2-40%2]", "67", "fixture arr|pipe", JobState.PENDING, "JobArrayTaskLimit", Optional.empty()));
        assertThat(jobs.get(1)).isEqualTo(new QueuedJob("68", "68", "fixture-handler", JobState.PENDING,
                "Dependency", Optional.of("afternotok:67_*(unfulfilled)")));
        assertThat(jobs.get(2).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void squeueLineWithTooFewFieldsIsAnError() {
        assertThatThrownBy(() -> SqueueParser.parse("67|67|PENDING\n")).hasMessageContaining("67|67|PENDING");
    }

    @Test
    void contactFailuresAreTransientRejectionsAreNot() {
        assertThat(SlurmErrors.isTransient(
                "squeue: error: slurm_load_jobs error: Unable to contact slurm controller (connect failure)")).isTrue();
        assertThat(SlurmErrors.isTransient(
                "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation")).isTrue();
        assertThat(SlurmErrors.isTransient("sacct: error: Problem talking to the database: Connection refused"))
                .isTrue();
        for (String rejection : Fixtures.read("slurm-exec/sbatch-errors.txt").split("\n")) {
            assertThat(SlurmErrors.isTransient(rejection)).as(rejection).isFalse();
        }
        assertThat(SlurmErrors.isTransient("sacct: error: Slurm accounting storage is disabled")).isFalse();
        assertThat(SlurmErrors.isTransient(Fixtures.read("slurm-exec/no-configuration.stderr"))).isFalse();
    }

    @Test
    void failureMessageQuotesSlurmsOwnLines() {
        String stderr = "sbatch: error: Memory specification can not be satisfied\n"
                + "sbatch: error: Batch job submission failed: Requested node configuration is not available\n";

        assertThat(SlurmErrors.describeFailure("sbatch", 1, stderr)).isEqualTo("sbatch failed (exit 1):\n"
                + "  sbatch: error: Memory specification can not be satisfied\n"
                + "  sbatch: error: Batch job submission failed: Requested node configuration is not available");
        assertThat(SlurmErrors.describeFailure("sacct", 1, "")).isEqualTo("sacct failed (exit 1) and printed no"
                + " error message");
    }

    @Test
    void scancelOfEndedOrUnknownJobsIsRecognised() {
        assertThat(SlurmErrors.onlyEndedJobs(Fixtures.read("slurm-exec/scancel-v-ended-jobs.stderr"))).isTrue();
        assertThat(SlurmErrors.onlyEndedJobs("scancel: error: Invalid job id abc\n")).isFalse();
        assertThat(SlurmErrors.onlyEndedJobs("")).isFalse();
    }
}
