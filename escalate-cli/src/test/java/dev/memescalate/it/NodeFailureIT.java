package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.AttemptRunRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A real node failure while tasks run ({@code scontrol update NodeName=N State=DOWN}): Slurm requeues the batch tasks
 * by itself ({@code JobRequeue=1}, its default) and the chain records every run Slurm made, the NODE_FAIL one too
 * (sacct {@code --duplicates}); where a site turned requeueing off ({@code JobRequeue=0}) the task ends NODE_FAIL and
 * the chain retries it at the same level without that node, and so it does where the user's script says
 * {@code #SBATCH --no-requeue}. Each test puts the node and the configuration back
 * ({@code docker/local-cluster up}), whatever happens.
 */
@Isolated // it sets a node DOWN and changes JobRequeue
class NodeFailureIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(6);
    /** Only the day partition (day1, day2), so the failed node's tasks have another node to go to. */
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 1m
            """;
    private static final String TABLE = "# index mem_mb sleep_s exit_code ok_from_level\n* 10 30 0 never\n";

    private static SlurmTestCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
    }

    @AfterEach
    void restoreNodesAndConfiguration() {
        cluster.localCluster("up");
        for (String node : cluster.runOk(List.of("sinfo", "-h", "-N", "-t", "down,drain", "-o", "%N")).stdout()
                .split("\\s+")) {
            if (!node.isBlank()) {
                cluster.runOk(List.of("scontrol", "update", "NodeName=" + node, "State=RESUME"));
            }
        }
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void aTaskSlurmRequeuedAfterItsNodeFailedCompletesAndTheChainKeepsItsNodeFailRun() {
        ChainHarness h = new ChainHarness(cluster, "node-requeue");
        String chain = submit(h, ChainHarness.SCENARIO);
        String node = failANodeRunningTasks(h, chain);

        ChainHarness.Snapshot s = h.awaitEnd(chain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).as("Slurm ran them again itself: no retry round").hasSize(1);
        assertOneOutcomePerTask(s, 4);
        List<AttemptRunRecord> runs = runs(h, chain);
        assertThat(runs).as("the NODE_FAIL runs before the requeue").isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.state()).isEqualTo("NODE_FAIL");
                    assertThat(r.node()).contains(node);
                    assertThat(r.run()).isEqualTo(1);
                });
        Set<Integer> requeued = runs.stream().map(AttemptRunRecord::index).collect(Collectors.toSet());
        for (AttemptRunRecord run : runs) {
            // The node comes back by itself (ReturnToService=2): Slurm may well run the task there again.
            AttemptRecord last = s.attemptsByIndex().get(run.index()).get(0);
            assertThat(last.state()).isEqualTo("COMPLETED");
            assertThat(last.start().orElseThrow()).isAfterOrEqualTo(run.end().orElseThrow());
        }
        String report = h.run(List.of("generate-report", chain), Map.of()).stdout();
        assertThat(report).contains(requeued.size() + " run(s) Slurm requeued");
    }

    @Test
    void withoutRequeueTheTaskEndsNodeFailAndIsRetriedAtTheSameLevelWithoutThatNode() {
        setJobRequeue(0);
        ChainHarness h = new ChainHarness(cluster, "node-noreque");
        String chain = submit(h, ChainHarness.SCENARIO);
        String node = failANodeRunningTasks(h, chain);

        assertRetriedAtTheSameLevelWithout(node, h.awaitEnd(chain, CHAIN_TIMEOUT));
    }

    @Test
    void theUsersNoRequeueIsHonouredTheSameWay() {
        ChainHarness h = new ChainHarness(cluster, "node-user-norequeue");
        Path script = h.write("no-requeue.sh", """
                #!/bin/bash
                #SBATCH --no-requeue
                exec %s "$@"
                """.formatted(ChainHarness.SCENARIO));
        script.toFile().setExecutable(true);
        String chain = submit(h, script);
        String node = failANodeRunningTasks(h, chain);

        assertRetriedAtTheSameLevelWithout(node, h.awaitEnd(chain, CHAIN_TIMEOUT));
    }

    private static void assertRetriedAtTheSameLevelWithout(String node, ChainHarness.Snapshot s) {
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertOneOutcomePerTask(s, 4);
        RoundRecord retry = s.rounds().get(1);
        assertThat(retry.kind()).isEqualTo(RoundKind.RETRY);
        assertThat(retry.level()).isZero();
        assertThat(retry.excludeNodes()).contains(node);
        String retryArray = ChainHarness.arrayJobId(s, 2);
        assertThat(s.jobs().stream().filter(j -> j.slurmJobId().equals(Optional.of(retryArray))).findFirst()
                .orElseThrow().argv()).contains("--exclude=" + node);
        for (int index : retry.indices().toArray()) {
            List<AttemptRecord> attempts = s.attemptsByIndex().get(index);
            assertThat(attempts).extracting(AttemptRecord::state).containsExactly("NODE_FAIL", "COMPLETED");
            assertThat(attempts.get(1).node()).isNotEqualTo(Optional.of(node));
            assertThat(s.outcomeByIndex().get(index).outcome()).isEqualTo(FinalOutcome.COMPLETED);
        }
    }

    private static String submit(ChainHarness h, Path script) {
        Path ladder = h.write("ladder.yaml", LADDER);
        Path table = h.write("table.txt", TABLE);
        return h.submit(List.of("--array=0-3", "--config=" + ladder, script.toString(),
                table.toString()), Map.of());
    }

    /** Waits until tasks of round 1 run, then sets the node of one of them DOWN; returns that node. */
    private static String failANodeRunningTasks(ChainHarness h, String chain) {
        String array = ChainHarness.arrayJobId(h.snapshot(chain), 1);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String running = cluster.run(List.of("squeue", "-h", "-r", "-j", array, "-t", "RUNNING", "-o", "%N"))
                    .stdout().strip();
            if (!running.isEmpty()) {
                String node = running.lines().findFirst().orElseThrow().strip();
                ChainHarness.sleep(Duration.ofSeconds(3));
                cluster.runOk(List.of("scontrol", "update", "NodeName=" + node, "State=DOWN",
                        "Reason=mem-escalate-node-failure-test"));
                return node;
            }
            ChainHarness.sleep(Duration.ofMillis(300));
        }
        throw new AssertionError("no task of array " + array + " started");
    }

    /** Adds JobRequeue=N to the running cluster's slurm.conf; {@code docker/local-cluster up} renders it back. */
    private static void setJobRequeue(int value) {
        try {
            Path conf = Path.of(cluster.slurmConf());
            Files.writeString(conf, Files.readString(conf) + "\nJobRequeue=" + value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster.runOk(List.of("scontrol", "reconfigure"));
        String shown = cluster.runOk(List.of("scontrol", "show", "config")).stdout();
        assertThat(shown).containsPattern("JobRequeue\\s*=\\s*" + value);
    }

    private static List<AttemptRunRecord> runs(ChainHarness h, String chain) {
        try (ChainStore store = ChainStore.open(h.storeFile())) {
            return store.read(tx -> tx.attempts().runsOf(chain));
        }
    }

    private static void assertOneOutcomePerTask(ChainHarness.Snapshot s, int tasks) {
        List<Integer> indices = s.outcomes().stream().map(TaskOutcomeRecord::index).sorted().toList();
        assertThat(indices).doesNotHaveDuplicates().hasSize(tasks);
    }
}
