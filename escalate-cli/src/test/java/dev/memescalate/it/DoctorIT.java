package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mem-escalate doctor} against the real local cluster. The cluster's five nodes all run on this machine, so a
 * tracker directory under /tmp works here; doctor cannot know that from Slurm and warns, as it should on any real
 * cluster of several nodes, and says the warning does not matter on a one-machine test cluster.
 */
class DoctorIT {
    @Test
    void onTheLocalClusterEveryCheckPassesAndATrackerDirUnderTmpWarns() throws Exception {
        SlurmTestCluster cluster = SlurmTestCluster.connect();
        ChainHarness harness = new ChainHarness(cluster, "doctor");
        Path config = Path.of("..", "config", "local-cluster.yaml").toAbsolutePath().normalize();

        ChainHarness.Run run = harness.run(List.of("doctor", "--config", config.toString()), Map.of());

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).matches("OK    java +Java 17.* at /.*");
        assertThat(lines.get(1)).startsWith("OK    jar").contains("mem-escalate.jar (the running jar)");
        assertThat(lines.get(2)).isEqualTo("OK    slurm.conf      SLURM_CONF=" + cluster.slurmConf());
        assertThat(lines.get(3)).startsWith("OK    slurm commands  sbatch, sacct, squeue, scancel, scontrol in ");
        assertThat(lines.get(4)).isEqualTo("OK    slurmctld       cluster 'lab' answers: Slurm 22.05.8, 5 node(s) in 4"
                + " partition(s)");
        assertThat(lines.get(5)).startsWith("OK    sacct           answers; ");
        assertThat(lines.get(6)).startsWith("WARN  tracker dir     " + harness.home + " (MEM_ESCALATE_HOME): writable")
                .contains("under /tmp").contains("the cluster has 5 nodes")
                .contains("-> fix: set MEM_ESCALATE_HOME").contains("one-machine test cluster");
        assertThat(lines.get(7)).isEqualTo("OK    config          " + config + ": a ladder of 4 level(s)");
        assertThat(lines.get(8)).isEqualTo("0 failed, 1 warning(s), 7 OK.");
        assertThat(run.stderr()).isEmpty();
    }

    /** A SLURM_CONF naming no file: every Slurm command would retry for 60 s. doctor says so at once. */
    @Test
    void aMissingSlurmConfFailsFastWithTheFix() throws Exception {
        SlurmTestCluster cluster = SlurmTestCluster.connect();
        ChainHarness harness = new ChainHarness(cluster, "doctor-noconf");
        Path missing = Files.createTempDirectory("doctor-it").resolve("slurm.conf");
        Instant start = Instant.now();

        ChainHarness.Run run = harness.run(List.of("doctor"), Map.of("SLURM_CONF", missing.toString()));

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("FAIL  slurm.conf      SLURM_CONF=" + missing + ": no such file")
                .contains("-> fix: point SLURM_CONF at the cluster's slurm.conf")
                .containsPattern("(?m)^FAIL  slurmctld +not asked")
                .contains("3 failed");
    }
}
