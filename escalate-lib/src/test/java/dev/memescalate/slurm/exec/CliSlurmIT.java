package dev.memescalate.slurm.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.NodeInfo;
import dev.memescalate.slurm.PartitionInfo;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.SlurmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CliSlurm against the real local cluster (docker/local-cluster). Fails, never skips, when no cluster answers.
 */
class CliSlurmIT {

    private static final Path LOCAL_CLUSTER_CONF = Path.of("/tmp/mem-escalate-cluster/etc/slurm.conf");
    private static final Duration JOB_WAIT = Duration.ofSeconds(90);

    private static CommandRunner runner;
    private static CliSlurm slurm;
    private static ClusterInfo cluster;

    @TempDir
    Path dir;

    /**
     * Uses SLURM_CONF from the environment, or the local cluster's config when SLURM_CONF is unset and that file
     * exists; the variable is passed to every command this test runs.
     */
    @BeforeAll
    static void connect() {
        Map<String, String> conf = new HashMap<>();
        boolean confFromEnvironment = System.getenv("SLURM_CONF") != null;
        if (!confFromEnvironment && Files.exists(LOCAL_CLUSTER_CONF)) {
            conf.put("SLURM_CONF", LOCAL_CLUSTER_CONF.toString());
        }
        ProcessCommandRunner processes = new ProcessCommandRunner();
        runner = request -> {
            Map<String, String> variables = new HashMap<>(conf);
            variables.putAll(request.setVariables());
            return processes.run(new CommandRequest(request.argv(), variables, request.removeVariables(),
                    request.workDir(), request.timeout()));
        };
        String noCluster = "no Slurm cluster answers (SLURM_CONF=" + System.getenv("SLURM_CONF") + ", default "
                + LOCAL_CLUSTER_CONF + "): start the local cluster with `docker/local-cluster up`. scontrol ping: ";
        CommandResult ping;
        try {
            // Without a usable slurm.conf, scontrol tries a DNS SRV lookup and can hang: hence the timeout.
            ping = runner.run(new CommandRequest(List.of("scontrol", "ping"), Map.of(),
                    CliSlurm.PARENT_JOB_VARIABLES, Optional.empty(), Duration.ofSeconds(20)));
        } catch (SlurmException unreachable) {
            throw new AssertionError(noCluster + unreachable.getMessage(), unreachable);
        }
        if (!ping.succeeded() || !ping.stdout().contains("is UP")) {
            fail(noCluster + ping.stdout().strip() + " " + ping.stderr().strip());
        }
        slurm = new CliSlurm(runner, Duration.ofMinutes(1), Duration.ofMinutes(2));
        cluster = slurm.clusterInfo();
    }

    @Test
    void clusterInfoDescribesPartitionsAndTheirNodes() {
        assertThat(cluster.slurmVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(cluster.maxArraySize()).isPositive();
        assertThat(cluster.partitions()).isNotEmpty();
        assertThat(cluster.defaultPartition()).isPresent();
        for (PartitionInfo partition : cluster.partitions()) {
            assertThat(cluster.nodesOf(partition)).as(partition.name())
                    .extracting(NodeInfo::name)
                    .containsExactlyInAnyOrderElementsOf(partition.nodeNames());
        }
    }

    @Test
    void submitQueueCancelAndCancelAgain() {
        String name = "cli-slurm-it-" + UUID.randomUUID();
        String id = slurm.submit(List.of("--hold", "-J", name, "--time=1", "--mem=50M", "--wrap", "true"), dir);

        List<QueuedJob> byId = slurm.queue(QueueQuery.byJobIds(Set.of(id)));
        List<QueuedJob> byName = slurm.queue(QueueQuery.byNames(Set.of(name)));

        assertThat(byId).singleElement().satisfies(job -> {
            assertThat(job.jobId()).isEqualTo(id);
            assertThat(job.name()).isEqualTo(name);
            assertThat(job.state()).isEqualTo(JobState.PENDING);
            assertThat(job.reason()).isEqualTo("JobHeldUser");
        });
        assertThat(byName).isEqualTo(byId);

        slurm.cancel(List.of(id));
        assertThat(slurm.queue(QueueQuery.byJobIds(Set.of(id)).includingFinished()))
                .singleElement().extracting(QueuedJob::state).isEqualTo(JobState.CANCELLED);
        // Cancelling a job that already ended is not an error (scancel prints nothing and exits 0).
        slurm.cancel(List.of(id));
        assertThat(slurm.queue(QueueQuery.byJobIds(Set.of("999999")))).isEmpty();
    }

    @Test
    void accountingShowsACompletedJob() throws InterruptedException {
        String since = sacctTime(LocalDateTime.now().minusSeconds(5));
        String id = slurm.submit(List.of("-J", "cli-slurm-it-acct", "--time=1", "--mem=50M", "--wrap", "true"), dir);

        Map<String, String> row = awaitTerminalRow(id, since);

        assertThat(row.get("State")).isEqualTo("COMPLETED");
        assertThat(row.get("ReqMem")).isEqualTo("50M");
    }

    @Test
    void sbatchRejectionQuotesSbatchAndIsPermanent() {
        assertThatThrownBy(() -> slurm.submit(List.of("--mem=100000G", "--time=1", "--wrap", "true"), dir))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.exitCode()).isEqualTo(1);
                })
                .hasMessageContaining("sbatch: error: Memory specification can not be satisfied");
    }

    /**
     * A parent array task with 700M and 2 CPUs submits a nested job through CliSlurm: the nested job must get
     * its own 300M, 1 CPU and the default partition, and none of the parent's SLURM_ARRAY_* variables.
     */
    @Test
    void nestedSbatchFromInsideAJobGetsItsOwnResourcesAndEnvironment() throws IOException, InterruptedException {
        String since = sacctTime(LocalDateTime.now().minusSeconds(5));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        Path script = dir.resolve("parent.sh");
        Files.writeString(script, "#!/bin/sh\nenv | sort > parent-env.txt\nexec '" + java
                + "' -Xmx64m -XX:+UseSerialGC -cp '" + classpath + "' " + NestedSubmitMain.class.getName() + " '"
                + dir + "' cli-slurm-it-child\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String parentPartition = cluster.partitions().stream()
                .filter(p -> p.maxTime().map(t -> t.toMinutes() >= 2).orElse(true))
                .filter(p -> cluster.nodesOf(p).stream().anyMatch(n -> n.realMemoryMb() >= 700 && n.cpus() >= 2))
                .findFirst().orElseThrow().name();

        String parent = slurm.submit(List.of("-J", "cli-slurm-it-parent", "-p", parentPartition, "--time=2",
                "--mem=700M", "--cpus-per-task=2", "--array=3", script.toString()), dir);
        Map<String, String> parentRow = awaitTerminalRow(parent + "_3", since);
        assertThat(parentRow.get("State")).as("parent job; see %s", dir).isEqualTo("COMPLETED");
        String child = Files.readString(dir.resolve("child-id.txt")).strip();
        Map<String, String> childRow = awaitTerminalRow(child, since);

        assertThat(Files.readString(dir.resolve("parent-env.txt"))).contains("SLURM_ARRAY_TASK_ID=3");
        assertThat(childRow.get("State")).isEqualTo("COMPLETED");
        assertThat(childRow.get("ReqMem")).isEqualTo("300M");
        assertThat(childRow.get("AllocCPUS")).isEqualTo("1");
        assertThat(childRow.get("Partition")).isEqualTo(cluster.defaultPartition().orElseThrow().name());
        String childEnv = Files.readString(dir.resolve("child-env.txt"));
        assertThat(childEnv).doesNotContain("SLURM_ARRAY_").contains("SLURM_MEM_PER_NODE=300\n")
                .contains("SLURM_JOB_NAME=cli-slurm-it-child\n");
    }

    private static String sacctTime(LocalDateTime time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Polls sacct until the job's allocation row shows a terminal state. sacct may lag by seconds, and right after
     * a short job ends it briefly shows a placeholder row (seen on 22.05.8 for about 1 s:
     * {@code 96|allocation||COMPLETED|16?|1|...}: JobName "allocation", no Partition, ReqMem "16?") before the
     * real one ({@code 96|probe|day|COMPLETED|50M|1|...}). So only a terminal row for exactly this id with a
     * partition counts.
     */
    private static Map<String, String> awaitTerminalRow(String jobId, String since) throws InterruptedException {
        List<String> columns = List.of("JobID", "JobName", "Partition", "State", "ReqMem", "AllocCPUS");
        Instant deadline = Instant.now().plus(JOB_WAIT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            last = slurm.accounting(List.of("-X", "-n", "-P", "-S", since, "-j", jobId, "-o",
                    String.join(",", columns)));
            for (String line : last.split("\n")) {
                String[] fields = line.split("\\|", -1);
                boolean placeholderRow = fields.length == columns.size() && fields[2].isEmpty();
                if (fields.length == columns.size() && fields[0].equals(jobId) && !placeholderRow
                        && JobState.parse(fields[3]).isTerminal()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i), fields[i]);
                    }
                    return row;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("job " + jobId + " did not end within " + JOB_WAIT + "; last sacct output: " + last);
    }
}
