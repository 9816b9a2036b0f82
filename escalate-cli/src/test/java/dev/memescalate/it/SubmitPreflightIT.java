package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (h) {@code --dry-run} and (j) pre-flight refusals, against the real cluster's limits (read with scontrol): nothing
 * is submitted and nothing is written, and the user gets exit code 2 with a message naming the problem.
 */
class SubmitPreflightIT {
    private static final String GOOD_LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: week
                mem: 2G
                time: 2
            handler:
              partition: pi_jetz
            """;

    private static SlurmTestCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
    }

    @Test
    void dryRunPrintsTheSbatchCallsAndSubmitsAndWritesNothing() {
        ChainHarness h = new ChainHarness(cluster, "dryrun");
        Path config = h.write("ladder.yaml", GOOD_LADDER);
        Path table = h.write("table.txt", "* 0 0 0 0\n");

        ChainHarness.Run run = h.run(List.of("submit", "--dry-run", "--array=0-99", "--throttle=5",
                "--config=" + config, ChainHarness.SCENARIO.toString(), table.toString(), "an arg"), Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("nothing was submitted")
                .contains("sbatch --parsable --array=0-99%5 ")
                .contains("--partition=day --mem=200M --time=00:01:00")
                .contains("'--dependency=afterany:<job id of part 0>'")
                .contains("'--dependency=afternotok:<job id of the handler>'")
                .contains("--kill-on-invalid-dep=yes")
                .contains("'an arg'");
        assertThat(h.storeFile()).doesNotExist();
        assertThat(h.home).isEmptyDirectory();
        String jobName = run.stdout().replaceAll("(?s).*--job-name=(scenario\\.sh-[0-9a-f]+-r1-p0).*", "$1");
        assertThat(cluster.runOk(List.of("squeue", "-h", "--name=" + jobName)).stdout()).isBlank();
    }

    static List<Arguments> refusals() {
        return List.of(
                Arguments.of("a time above every partition's MaxTime",
                        GOOD_LADDER.replace("time: 2", "time: 5"), "0-9", "level 1", "MaxTime"),
                Arguments.of("memory above every node",
                        GOOD_LADDER.replace("mem: 2G", "mem: 20G"), "0-9", "level 1", "memory"),
                Arguments.of("an unknown partition",
                        GOOD_LADDER.replace("partition: week", "partition: nosuch"), "0-9", "nosuch", "devel"),
                // index_mapping: auto (the default) runs such indices under others (RenumberedRoundsIT)
                Arguments.of("an index above MaxArraySize with index_mapping: never",
                        GOOD_LADDER + "index_mapping: never\n", "0-20000", "MaxArraySize", "10001"),
                // slurmctld would refuse it for ever ("Slurm temporarily unable to accept job"): measured with
                // MaxJobCount 10000, an array of 9999 tasks beside one ended job never went in. The local
                // cluster's MaxJobCount is 30000 (docker/templates/slurm.conf).
                Arguments.of("more tasks than MaxJobCount", GOOD_LADDER, "0-29999", "MaxJobCount of 30000",
                        "at most 29996 tasks"),
                Arguments.of("a backwards range", GOOD_LADDER, "9-3", "backwards", "3-9"),
                Arguments.of("an unknown config key",
                        GOOD_LADDER + "levles: []\n", "0-9", "ladder.yaml:", "did you mean"),
                Arguments.of("a handler that cannot run",
                        GOOD_LADDER.replace("partition: pi_jetz", "partition: devel\n  time: 10"), "0-9",
                        "handler", "MaxTime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void badInputIsRefusedBeforeAnythingIsSubmitted(String what, String ladder, String array, String mention1,
            String mention2) {
        ChainHarness h = new ChainHarness(cluster, "refused");
        Path config = h.write("ladder.yaml", ladder);
        Path table = h.write("table.txt", "* 0 0 0 0\n");

        ChainHarness.Run run = h.run(List.of("submit", "--array=" + array, "--config=" + config,
                ChainHarness.SCENARIO.toString(), table.toString()), Map.of());

        assertThat(run.exitCode()).as(what + ":\n" + run.stderr() + run.stdout()).isEqualTo(2);
        assertThat(run.stderr()).contains(mention1).contains(mention2).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(h.storeFile()).as("nothing written").doesNotExist();
    }

    @Test
    void aMissingScriptIsRefused() {
        ChainHarness h = new ChainHarness(cluster, "noscript");
        Path config = h.write("ladder.yaml", GOOD_LADDER);

        ChainHarness.Run run = h.run(List.of("submit", "--array=0-3", "--config=" + config, "no-such-job.sh"),
                Map.of());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no-such-job.sh").contains("no such file");
        assertThat(Files.exists(h.storeFile())).isFalse();
    }
}
