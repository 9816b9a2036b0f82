package dev.memescalate.slurm.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.SlurmUnavailableException;
import dev.memescalate.slurm.SqueueParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CliSlurm against a fake runner that replays output captured on the real 22.05.8 cluster. */
class CliSlurmTest {

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final CliSlurm slurm = new CliSlurm(runner, Duration.ofMinutes(1), Duration.ofMinutes(5));

    /** The sbatch-errors.txt fixture, section title -> stderr, with the exit code as the last line. */
    private static Map<String, String> sbatchErrors() {
        Map<String, String> sections = new LinkedHashMap<>();
        String title = null;
        StringBuilder body = new StringBuilder();
        for (String line : Fixtures.read("slurm-exec/sbatch-errors.txt").split("\n")) {
            if (line.startsWith("## ")) {
                if (title != null) {
                    sections.put(title, body.toString());
                }
                title = line.substring(3);
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        sections.put(title, body.toString());
        return sections;
    }

    private void replySbatchError(String section) {
        String text = sbatchErrors().get(section);
        int exit = Integer.parseInt(text.substring(text.lastIndexOf("exit=") + 5).strip());
        runner.reply(exit, "", text.substring(0, text.lastIndexOf("exit=")));
    }

    @Test
    void submitRunsSbatchParsableInTheWorkDirWithoutTheParentJobsVariables() {
        runner.replyOk("134\n");
        Path dir = Path.of("/tmp/run dir");

        String id = slurm.submit(List.of("-J", "it's $(odd); name", "--array=0-11%4", "payload.sh"), dir);

        assertThat(id).isEqualTo("134");
        CommandRequest request = runner.onlyRequest();
        assertThat(request.argv())
                .containsExactly("sbatch", "--parsable", "-J", "it's $(odd); name", "--array=0-11%4", "payload.sh");
        assertThat(request.workDir()).contains(dir);
        assertThat(request.removeVariables()).isEqualTo(CliSlurm.PARENT_JOB_VARIABLES);
    }

    @Test
    void submitOnAFederatedClusterKeepsOnlyTheJobId() {
        runner.replyOk("123;lab\n");

        assertThat(slurm.submit(List.of("x.sh"), Path.of("."))).isEqualTo("123");
    }

    @Test
    void sbatchRejectionIsPermanentAndQuotesSbatch() {
        replySbatchError("memory above every node in the partition");

        assertThatThrownBy(() -> slurm.submit(List.of("--mem=64G", "x.sh"), Path.of(".")))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.argv()).containsExactly("sbatch", "--parsable", "--mem=64G", "x.sh");
                })
                .hasMessage("sbatch failed (exit 1):\n"
                        + "  sbatch: error: Memory specification can not be satisfied\n"
                        + "  sbatch: error: Batch job submission failed: Requested node configuration is not"
                        + " available");
    }

    @Test
    void everySbatchRejectionInTheFixturesIsPermanent() {
        for (String section : sbatchErrors().keySet()) {
            runner.requests.clear();
            replySbatchError(section);

            assertThatThrownBy(() -> slurm.submit(List.of("x.sh"), Path.of(".")))
                    .as(section)
                    .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("sbatch: error:");
        }
    }

    @Test
    void controllerDownIsTransient() {
        runner.reply(1, "", "sbatch: error: Batch job submission failed: Unable to contact slurm controller"
                + " (connect failure)\n");

        assertThatThrownBy(() -> slurm.submit(List.of("x.sh"), Path.of(".")))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void missingConfigurationSaysToSetSlurmConf() {
        runner.reply(1, "", Fixtures.read("slurm-exec/no-configuration.stderr"));

        assertThatThrownBy(() -> slurm.clusterInfo())
                .isInstanceOf(SlurmUnavailableException.class)
                .hasMessageContaining("Could not establish a configuration source")
                .hasMessageContaining("set SLURM_CONF");
    }

    @Test
    void slurmConfPointingToAMissingFileSaysToSetSlurmConf() {
        runner.reply(1, "", Fixtures.read("slurm-exec/missing-slurm-conf-file.stderr"));

        assertThatThrownBy(() -> slurm.accounting(List.of("-j", "1")))
                .isInstanceOf(SlurmUnavailableException.class)
                .hasMessageContaining("cannot stat file /nonexistent/slurm.conf")
                .hasMessageContaining("set SLURM_CONF");
    }

    @Test
    void accountingSetsBitstrLenSoLongArrayExpressionsAreNotCut() {
        runner.replyOk("134_0|COMPLETED\n");

        String out = slurm.accounting(List.of("-X", "-n", "-P", "-j", "134", "-o", "JobID,State"));

        assertThat(out).isEqualTo("134_0|COMPLETED\n");
        CommandRequest request = runner.onlyRequest();
        assertThat(request.argv()).containsExactly("sacct", "-X", "-n", "-P", "-j", "134", "-o", "JobID,State");
        assertThat(request.setVariables()).containsEntry("SLURM_BITSTR_LEN", "0");
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void failedAccountingNeverReadsAsEmptyOutput() {
        runner.reply(1, "", "sacct: error: Problem talking to the database: Connection refused\n");

        assertThatThrownBy(() -> slurm.accounting(List.of("-j", "1")))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void streamedAccountingRunsSacctLikeTheStringFormAndHandsOverItsLines() {
        runner.replyOk("134_0|COMPLETED\n134_[1-3%2]|PENDING\n");
        List<String> lines = new ArrayList<>();

        slurm.accounting(List.of("-n", "-P", "-j", "134", "-o", "JobID,State"), line -> lines.add(line.toString()));

        assertThat(lines).containsExactly("134_0|COMPLETED", "134_[1-3%2]|PENDING");
        CommandRequest request = runner.onlyRequest();
        assertThat(request.argv()).containsExactly("sacct", "-n", "-P", "-j", "134", "-o", "JobID,State");
        assertThat(request.setVariables())
                .containsEntry("SLURM_BITSTR_LEN", "0")
                .containsEntry("SLURM_TIME_FORMAT", "standard");
        assertThat(request.removeVariables()).isEqualTo(CliSlurm.PARENT_JOB_VARIABLES);
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void failedStreamedAccountingThrowsAndSaysWhetherItIsTransient() {
        runner.reply(1, "", "sacct: error: Problem talking to the database: Connection refused\n");
        runner.reply(1, "", "sacct: error: Unknown arguments passed.\n");

        assertThatThrownBy(() -> slurm.accounting(List.of("-j", "1"), line -> {}))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue());
        assertThatThrownBy(() -> slurm.accounting(List.of("--nonsense"), line -> {}))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("sacct failed (exit 1)", "Unknown arguments passed");
                });
    }

    @Test
    void cancellingEndedJobsSucceeds() {
        // Real 22.05.8: scancel of a completed or unknown job prints nothing and exits 0.
        runner.replyOk("");
        slurm.cancel(List.of("17", "99999"));
        assertThat(runner.onlyRequest().argv()).containsExactly("scancel", "17", "99999");

        // If a Slurm version exits 1 with its "already completed" / "invalid job id" lines, that is fine too.
        runner.reply(1, "", Fixtures.read("slurm-exec/scancel-v-ended-jobs.stderr"));
        slurm.cancel(List.of("17", "99999"));
    }

    @Test
    void cancelFailureForAnotherReasonIsAnError() {
        runner.reply(1, "", "scancel: error: Kill job error on job id 5: Access/permission denied\n");

        assertThatThrownBy(() -> slurm.cancel(List.of("5"))).hasMessageContaining("Access/permission denied");
    }

    @Test
    void cancelTakesTaskRangesButNothingThatReadsAsAnOption() {
        runner.replyOk("");
        slurm.cancel(List.of("134_[4-9]", "135_2"));
        assertThat(runner.onlyRequest().argv()).containsExactly("scancel", "134_[4-9]", "135_2");

        assertThatThrownBy(() -> slurm.cancel(List.of("--user=alice"))).hasMessageContaining("'--user=alice'");
    }

    @Test
    void cancelOfNothingRunsNothing() {
        slurm.cancel(List.of());

        assertThat(runner.requests).isEmpty();
    }

    @Test
    void queueByIdsParsesRealSqueueOutput() {
        runner.replyOk(Fixtures.read("slurm-exec/squeue-array-and-dependent.txt"));

        List<QueuedJob> jobs = slurm.queue(QueueQuery.byJobIds(Set.of("68", "67")));

        assertThat(runner.onlyRequest().argv())
                .containsExactly("squeue", "-h", "-o", SqueueParser.FORMAT, "-j", "67,68");
        assertThat(jobs).extracting(QueuedJob::jobId).containsExactly("67_[2-40%2]", "68", "67_0", "67_1");
        assertThat(jobs.get(1).dependency()).contains("afternotok:67_*(unfulfilled)");
    }

    @Test
    void queueByNamesIsLimitedToOwnJobsAndMayIncludeFinished() {
        runner.replyOk(Fixtures.read("slurm-exec/squeue-t-all-cancelled.txt"));

        List<QueuedJob> jobs = slurm.queue(QueueQuery.byNames(Set.of("fixture-handler")).includingFinished());

        assertThat(runner.onlyRequest().argv()).containsExactly(
                "squeue", "-h", "-o", SqueueParser.FORMAT, "-t", "all", "--me", "-n", "fixture-handler");
        assertThat(jobs).containsExactly(new QueuedJob("68", "68", "fixture-handler", JobState.CANCELLED,
                "Dependency", Optional.of("afternotok:67_*(unfulfilled)")));
    }

    @Test
    void queueOfAnUnknownJobIdIsEmpty() {
        String captured = Fixtures.read("slurm-exec/squeue-unknown-id.stderr");
        runner.reply(1, "", captured.substring(0, captured.indexOf("exit=")));

        assertThat(slurm.queue(QueueQuery.byJobIds(Set.of("99999")))).isEmpty();
    }

    @Test
    void clusterInfoReadsConfigPartitionsAndNodes() {
        runner.replyOk(Fixtures.read("scontrol/show-config.txt"))
                .replyOk(Fixtures.read("scontrol/show-partition-o.txt"))
                .replyOk(Fixtures.read("scontrol/show-node-o.txt"));

        ClusterInfo info = slurm.clusterInfo();

        assertThat(info).isEqualTo(Fixtures.labCluster());
        assertThat(runner.requests).extracting(CommandRequest::argv).containsExactly(
                List.of("scontrol", "show", "config"),
                List.of("scontrol", "show", "partition", "-o"),
                List.of("scontrol", "show", "node", "-o"));
    }

    @Test
    void parentJobVariablesAreDroppedButSlurmConfAndSbatchDefaultsKept() {
        VariableFilter drop = CliSlurm.PARENT_JOB_VARIABLES;

        assertThat(drop.test("SLURM_ARRAY_TASK_ID")).isTrue();
        assertThat(drop.test("SLURM_MEM_PER_NODE")).isTrue();
        assertThat(drop.test("SLURM_JOB_ID")).isTrue();
        assertThat(drop.test("SLURM_CONF")).isFalse();
        assertThat(drop.test("SBATCH_ACCOUNT")).isFalse();
        assertThat(drop.test("PATH")).isFalse();
    }
}
