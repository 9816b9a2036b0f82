package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Submit's sbatch options and a level's qos, account, constraint and cpus_per_task on the real local cluster: every
 * round's array jobs carry them, as sacct reports (AllocCPUS, QOS, Account, Constraints). The local cluster has the
 * account {@code bio}, the QOS {@code long} and {@code short} and the feature {@code bigmem} on week1 and pi1
 * ({@code docker/local-cluster}, {@code docker/templates/slurm.conf}).
 */
class SiteOptionsIT {
    /** Three rounds of out-of-memory tasks, no TIMEOUT: well under a minute when the machine is not busy. */
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(8);

    /**
     * Level 1 grows only the CPUs (so task 0, which touches 300 MB, runs out of memory again) and switches to QOS
     * long; level 2 inherits both and asks for a bigmem node of week.
     */
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 200M
                time: 1
                cpus_per_task: 2
                qos: long
              - partition: week
                mem: 1G
                time: 2
                constraint: bigmem
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    private static SlurmTestCluster cluster;
    private static ChainHarness chain;
    private static String chainId;
    private static Path script;

    @BeforeAll
    static void submit() {
        cluster = SlurmTestCluster.connect();
        chain = new ChainHarness(cluster, "site-options");
        // A #SBATCH line that submit's --qos overrides in round 1 and level 1's qos in rounds 2 and 3.
        script = chain.write("job.sh", "#!/bin/bash\n#SBATCH --qos=normal\nexec " + ChainHarness.SCENARIO
                + " \"$@\"\n");
        script.toFile().setExecutable(true);
        Path table = chain.write("table.txt", "0 300 0 0 2\n* 0 0 0 0\n");
        chainId = chain.submit(List.of("--array=0-1", "--config=" + chain.write("ladder.yaml", LADDER),
                "--account=bio", "--qos=short", script.toString(), table.toString()), Map.of());
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void everyRoundKeepsSubmitsOptionsAndTakesItsLevels() {
        ChainHarness.Snapshot s = chain.awaitEnd(chainId, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).hasSize(3);
        assertThat(s.attemptsByIndex().get(0)).extracting(AttemptRecord::state, AttemptRecord::level)
                .containsExactly(tuple("OUT_OF_MEMORY", 0), tuple("OUT_OF_MEMORY", 1), tuple("COMPLETED", 2));
        // Round 1: submit's options (--qos=short over the script's #SBATCH --qos=normal), one CPU.
        assertThat(allocation(s, 1)).containsExactly("1", "short", "bio", "");
        // Round 2: level 1's qos and CPUs, submit's account.
        assertThat(allocation(s, 2)).containsExactly("2", "long", "bio", "");
        // Round 3: level 2 inherits level 1's qos and CPUs and adds its constraint; still submit's account.
        assertThat(allocation(s, 3)).containsExactly("2", "long", "bio", "bigmem");
        chain.assertNothingLeftInQueue(s);
    }

    @Test
    void dryRunShowsTheOptionsAndWhichOneWins() {
        ChainHarness h = new ChainHarness(cluster, "site-options-dry");
        Path table = h.write("table.txt", "* 0 0 0 0\n");

        ChainHarness.Run run = h.run(List.of("submit", "--dry-run", "--array=0-9", "--config="
                + h.write("ladder.yaml", LADDER), "-A", "bio", "--qos=short", script.toString(), table.toString()),
                Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("--account=bio --qos=short")
                .contains("levels 0-2: --qos=normal (#SBATCH, job.sh:2) is overridden by --qos=short"
                        + " (the command line)")
                .contains("levels 1-2: --qos=short (the command line) is overridden by --qos=long (the level)");
        assertThat(h.storeFile()).doesNotExist();
    }

    @Test
    void aQosThatSacctmgrDoesNotKnowIsRefused() {
        ChainHarness h = new ChainHarness(cluster, "site-options-bad-qos");
        Path table = h.write("table.txt", "* 0 0 0 0\n");

        ChainHarness.Run run = h.run(List.of("submit", "--array=0-9", "--config=" + h.write("ladder.yaml",
                LADDER.replace("qos: long", "qos: lnog")), script.toString(), table.toString()), Map.of());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("lnog").contains("level 1").contains("long")
                .doesNotContain("Exception");
        assertThat(h.storeFile()).doesNotExist();
    }

    /** AllocCPUS, QOS, Account and Constraints of round {@code round}'s array job, as sacct reports them. */
    private static List<String> allocation(ChainHarness.Snapshot s, int round) {
        String jobId = ChainHarness.arrayJobId(s, round);
        String rows = cluster.runOk(List.of("sacct", "-X", "-n", "-P", "-j", jobId, "-o",
                "AllocCPUS,QOS,Account,Constraints")).stdout().strip();
        return List.of(rows.lines().findFirst().orElseThrow(() -> new AssertionError("sacct knows no job " + jobId))
                .split("\\|", -1));
    }
}
