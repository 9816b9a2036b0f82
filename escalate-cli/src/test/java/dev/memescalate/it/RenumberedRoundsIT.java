package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 part 3 on the real local cluster (MaxArraySize 10001): rounds Slurm could not take in one array are
 * submitted as one {@code --array=0-(n-1)} through the task launcher, and every task runs as its real index.
 *
 * <ul>
 *   <li>the original tool's "uncompressible" 6,000 indices (about 3,000 runs: several 4096-character arrays as they
 *       are): one array; every task's output file is named with its real index and says that index, its
 *       arguments unchanged and the script's own {@code #SBATCH --cpus-per-task=1} applied;
 *   <li>indices 20000-20999, all above MaxArraySize, throttled: one array, three tasks run out of memory at level 0
 *       and are retried at level 1 in a second renumbered round; the handler reads both rounds back to real
 *       indices.
 * </ul>
 * Both chains run at once; the tasks do next to nothing, but their 7,000 tasks keep the local cluster busy for
 * about 9 minutes (some 12 tasks a second). They are submitted {@code --nice}, as a considerate user submits a big
 * array, so that the chains of the test classes running beside them start first (sbatch's nice lowers the
 * priority, also under priority/basic: measured 1000 lower for --nice=1000).
 */
class RenumberedRoundsIT {
    /** Far below every other job the tests submit meanwhile; kept by every round of the chain. */
    private static final String NICE = "--nice=1000000";

    /**
     * 7,000 tiny tasks: about 11 a second when measured on this cluster (2 real cores under 20 task slots, shared
     * with other work), so about 10 minutes, and three handler runs.
     */
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(15);
    private static final String PWNED = "/tmp/mem-escalate-pwned-" + UUID.randomUUID();
    private static final List<String> AWKWARD_ARGS = List.of("two words", "it's \"quoted\"", "$(touch " + PWNED + ")",
            "a;b");
    /** Prints what the task sees: its index both ways, the CPUs its own #SBATCH line asked for, its arguments. */
    private static final String TINY_JOB = """
            #!/bin/bash
            #SBATCH --cpus-per-task=1
            printf '%s %s %s' "$SLURM_ARRAY_TASK_ID" "${MEM_ESCALATE_TASK_ID:-unset}" "${SLURM_CPUS_PER_TASK:-unset}"
            printf ' <%s>' "$@"
            echo
            """;
    private static final String LADDER = """
            levels:
              - partition: devel,day,week,pi_jetz
                mem: 60M
                time: 2
              - partition: devel,day,week,pi_jetz
                mem: 400M
                time: 2
            handler:
              partition: pi_jetz
              mem: 768M
              time: 5
            sacct_timeout: 3m
            """;
    private static final IndexSet OOM_AT_LEVEL_0 = IndexSet.of(20003, 20500, 20999);
    /**
     * The 1,000-task chain's job: the three tasks above touch 150 MB below level 1 (over level 0's 60M: OUT_OF_MEMORY),
     * then every task says which index, level and round it ran as. (Lighter than tests/jobs/scenario.sh, which reads
     * its table with awk in every task.)
     */
    private static final String HIGH_JOB = """
            #!/bin/bash
            case $SLURM_ARRAY_TASK_ID in
              20003|20500|20999) ((MEM_ESCALATE_LEVEL >= 1)) || head -c 150M /dev/zero | tail -n 1 >/dev/null ;;
            esac
            echo "task $SLURM_ARRAY_TASK_ID: level $MEM_ESCALATE_LEVEL round $MEM_ESCALATE_ROUND"
            """;

    private static SlurmTestCluster cluster;
    private static ChainHarness scattered;
    private static ChainHarness high;
    private static String scatteredChain;
    private static String highChain;

    /**
     * The first n indices i with (i*7+3)%11 != 0 and (i*13+5)%17 != 0: escalate-lib's IndexSetFixtures builds the
     * same set, in test classes this module cannot see.
     */
    static IndexSet uncompressible(int n) {
        IndexSet.Builder b = IndexSet.builder();
        int found = 0;
        for (int i = 0; found < n; i++) {
            if ((i * 7 + 3) % 11 != 0 && (i * 13 + 5) % 17 != 0) {
                b.add(i);
                found++;
            }
        }
        return b.build();
    }

    @BeforeAll
    static void submitBoth() {
        cluster = SlurmTestCluster.connect();

        scattered = new ChainHarness(cluster, "renumbered-6000");
        Path job = scattered.write("tiny job.sh", TINY_JOB);
        job.toFile().setExecutable(true);
        Path indices = scattered.write("indices.txt", uncompressible(6000).stream().mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        List<String> args = new ArrayList<>(List.of("--array=" + read(indices), NICE,
                "--config=" + scattered.write("ladder.yaml", LADDER), "--output=out/%a.out", job.toString()));
        args.addAll(AWKWARD_ARGS);
        mkdirs(scattered.work.resolve("out"));
        scatteredChain = scattered.submit(args, Map.of());

        high = new ChainHarness(cluster, "renumbered-high");
        mkdirs(high.work.resolve("out"));
        Path highJob = high.write("high job.sh", HIGH_JOB);
        highJob.toFile().setExecutable(true);
        mkdirs(high.work.resolve("err"));
        // stderr apart: bash reports the killed pipeline of the tasks that run out of memory there
        highChain = high.submit(List.of("--array=20000-20999", "--throttle=8", NICE,
                "--config=" + high.write("ladder.yaml", LADDER), "--output=out/%A_%a.out", "--error=err/%A_%a.err",
                highJob.toString()), Map.of());
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void sixThousandUncompressibleIndicesRunAsOneArrayEachTaskAsItsRealIndex() throws IOException {
        ChainHarness.Snapshot s = scattered.awaitEnd(scatteredChain, CHAIN_TIMEOUT);
        IndexSet expected = uncompressible(6000);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        List<JobRecord> arrays = arrays(s, 1);
        assertThat(arrays).as("one array for the whole round").singleElement().satisfies(a -> {
            assertThat(a.arraySpec()).contains("0-5999");
            assertThat(a.indices()).contains(expected);
        });
        assertThat(s.outcomes()).hasSize(6000).allMatch(o -> o.outcome() == FinalOutcome.COMPLETED);
        assertThat(IndexSet.copyOf(s.outcomes().stream().mapToInt(TaskOutcomeRecord::index).toArray()))
                .as("every real index has its outcome, none lost").isEqualTo(expected);
        String argsSeen = AWKWARD_ARGS.stream().map(a -> "<" + a + ">").collect(Collectors.joining(" "));
        List<String> wrong = new ArrayList<>();
        for (PrimitiveIterator.OfInt it = expected.iterator(); it.hasNext(); ) {
            int i = it.nextInt();
            Path out = scattered.work.resolve("out").resolve(i + ".out");
            String want = i + " " + i + " 1 " + argsSeen + "\n";
            String got = Files.exists(out) ? Files.readString(out) : "(no file)";
            if (!got.equals(want) && wrong.size() < 10) {
                wrong.add(out.getFileName() + ": " + got);
            }
        }
        assertThat(wrong).as("output files named with and saying the real index").isEmpty();
        assertThat(Path.of(PWNED)).as("a $(...) argument must never run").doesNotExist();
        scattered.assertNothingLeftInQueue(s);
    }

    @Test
    void indicesAboveMaxArraySizeRunAndTheirRetryRoundIsRenumberedToo() throws IOException {
        ChainHarness.Snapshot s = high.awaitEnd(highChain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).hasSize(2);
        assertThat(arrays(s, 1)).singleElement().satisfies(a -> assertThat(a.arraySpec()).contains("0-999"));
        assertThat(s.rounds().get(1).indices()).isEqualTo(OOM_AT_LEVEL_0);
        assertThat(s.rounds().get(1).level()).isEqualTo(1);
        assertThat(arrays(s, 2)).singleElement().satisfies(a -> {
            assertThat(a.arraySpec()).contains("0-2");
            assertThat(a.indices()).contains(OOM_AT_LEVEL_0);
        });
        assertThat(s.outcomes()).hasSize(1000).allMatch(o -> o.outcome() == FinalOutcome.COMPLETED);
        String round1 = ChainHarness.arrayJobId(s, 1);
        String round2 = ChainHarness.arrayJobId(s, 2);
        for (int i = 20000; i <= 20999; i++) {
            List<AttemptRecord> attempts = s.attemptsByIndex().get(i);
            boolean retried = OOM_AT_LEVEL_0.contains(i);
            assertThat(attempts).as("attempts of task %d", i).extracting(AttemptRecord::state)
                    .containsExactlyElementsOf(retried ? List.of("OUT_OF_MEMORY", "COMPLETED") : List.of("COMPLETED"));
            assertThat(s.outcomeByIndex().get(i).level()).isEqualTo(retried ? 1 : 0);
            assertThat(Files.readString(high.work.resolve("out").resolve(round1 + "_" + i + ".out")))
                    .isEqualTo("task " + i + ": level 0 round 1\n");
            if (retried) {
                assertThat(Files.readString(high.work.resolve("out").resolve(round2 + "_" + i + ".out")))
                        .isEqualTo("task " + i + ": level 1 round 2\n");
            }
        }
        String status = high.runExpecting(0, "status", highChain, "--tasks").stdout();
        assertThat(status).contains("20999", "r1/L0: OUT_OF_MEMORY", "r2/L1: COMPLETED");
        high.assertNothingLeftInQueue(s);
    }

    private static List<JobRecord> arrays(ChainHarness.Snapshot s, int round) {
        return s.jobs().stream().filter(j -> j.key().round() == round && j.key().role() == JobRole.ARRAY).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
