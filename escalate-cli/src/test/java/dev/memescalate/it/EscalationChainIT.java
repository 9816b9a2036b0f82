package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.policy.Outcome;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Escalation chains end to end on the real local cluster: {@code bin/mem-escalate submit} (the shaded jar), real
 * handler jobs, real sacct. The chains are submitted together in {@link #submitEveryChain()} so that they run at the
 * same time; each test then waits for its own chain and checks what the store and the jobs recorded.
 *
 * <p>Every job runs {@code tests/jobs/scenario.sh}, whose behaviour per task index comes from a small table.
 */
class EscalationChainIT {
    /** Enough for a chain of three rounds with a TIMEOUT in it (slurmctld checks time limits every 30 s). */
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(5);

    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
              - partition: week
                mem: 1500M
                time: 2
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    /** Arguments that a shell would mangle: they must reach the script unchanged in every round. */
    private static final String PWNED = "/tmp/mem-escalate-pwned-" + UUID.randomUUID();
    private static final List<String> AWKWARD_ARGS = List.of(
            "two words", "it's \"quoted\"", "$(touch " + PWNED + ")", "a;b", "`id`", "naïve ✓ 日本", "", "--not-an-option");
    private static final String EXPORT_VALUE = "bar baz 'q' $HOME;x";

    private static SlurmTestCluster cluster;
    private static ChainHarness oom;
    private static ChainHarness timeout;
    private static ChainHarness failures;
    private static ChainHarness exhausted;
    private static ChainHarness split;
    private static ChainHarness doneFile;
    private static String oomChain;
    private static String timeoutChain;
    private static String failuresChain;
    private static String exhaustedChain;
    private static String splitChain;
    private static String doneFileChain;

    @BeforeAll
    static void submitEveryChain() {
        cluster = SlurmTestCluster.connect();

        // (b) TIMEOUT: task 0 sleeps far past its limit at level 0 and succeeds from level 1 on.
        timeout = new ChainHarness(cluster, "timeout");
        timeoutChain = timeout.submit(List.of("--array=0-1", "--config=" + config(timeout, ""),
                ChainHarness.SCENARIO.toString(), table(timeout, "0 0 600 0 1", "* 0 0 0 0").toString()), Map.of());

        // (c) exit codes and a cancelled task: failed, never retried.
        failures = new ChainHarness(cluster, "failures");
        failuresChain = failures.submit(List.of("--array=0-3", "--config=" + config(failures, ""),
                ChainHarness.SCENARIO.toString(),
                table(failures, "0 0 0 3 never", "1 0 0 1 never", "2 0 120 0 never", "* 0 0 0 0").toString()),
                Map.of());

        // (a) OOM, with (f) awkward arguments and exports checked in both rounds.
        oom = new ChainHarness(cluster, "oom");
        List<String> oomArgs = new ArrayList<>(List.of("--array=0-9", "--config=" + config(oom, ""),
                "--export=FOO=" + EXPORT_VALUE, "--export=EMPTY=",
                ChainHarness.SCENARIO.toString(), table(oom, "2 300 0 0 0", "5 300 0 0 0", "8 300 0 0 0",
                        "* 10 0 0 0").toString()));
        oomArgs.addAll(AWKWARD_ARGS);
        oomChain = oom.submit(oomArgs, Map.of("RECORD_DIR", oom.work.resolve("records").toString(),
                "RECORD_VARS", "FOO EMPTY MEM_ESCALATE_CHAIN_ID MEM_ESCALATE_LEVEL MEM_ESCALATE_TIME_LEVEL"
                        + " MEM_ESCALATE_ROUND"));

        // (d) a task that runs out of memory at every allowed level ends EXHAUSTED.
        exhausted = new ChainHarness(cluster, "exhausted");
        exhaustedChain = exhausted.submit(List.of("--array=0-1", "--max-level=1", "--config=" + config(exhausted, ""),
                ChainHarness.SCENARIO.toString(), table(exhausted, "0 1400 0 0 0", "* 0 0 0 0").toString()),
                Map.of());

        // (e) a round split into several arrays (tiny spec limit): failures of every array are retried. (With
        // index_mapping: auto, the default, the round would be one renumbered array instead: RenumberedRoundsIT.)
        split = new ChainHarness(cluster, "split");
        splitChain = split.submit(List.of("--array=0,3,7,12,18,25,33,42", "--throttle=3",
                "--config=" + config(split, "max_array_spec_len: 8\nindex_mapping: never\n"),
                ChainHarness.SCENARIO.toString(),
                table(split, "3 300 0 0 0", "18 300 0 0 0", "42 300 0 0 0", "* 0 0 0 0").toString()), Map.of());

        // (i) the done-file rule: task 1 exits 0 in round 1 without its done file.
        doneFile = new ChainHarness(cluster, "donefile");
        Path doneDir = doneFile.work.resolve("done");
        doneFileChain = doneFile.submit(List.of("--array=0-2", "--config=" + config(doneFile,
                        "done_file: done/{index}.DONE\n"), ChainHarness.SCENARIO.toString(),
                table(doneFile, "1 0 0 0 0 2", "* 0 0 0 0 1").toString()), Map.of("DONE_DIR", doneDir.toString()));

        // While they run: shorten (b)'s task 0 to a real TIMEOUT, and cancel (c)'s task 2.
        String timeoutTask = awaitRunning(timeout, timeoutChain, 0);
        cluster.runOk(List.of("scontrol", "update", "JobId=" + timeoutTask, "TimeLimit=0"));
        String cancelledTask = awaitRunning(failures, failuresChain, 2);
        cluster.runOk(List.of("scancel", cancelledTask));
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void outOfMemoryTasksEscalateOnceAndComplete() {
        ChainHarness.Snapshot s = oom.awaitEnd(oomChain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).hasSize(2);
        assertThat(s.rounds().get(1).indices().toArray()).containsExactly(2, 5, 8);
        assertOneOutcomePerTask(s, 10);
        for (int i = 0; i < 10; i++) {
            TaskOutcomeRecord o = s.outcomeByIndex().get(i);
            boolean needsMore = i == 2 || i == 5 || i == 8;
            assertThat(o.outcome()).isEqualTo(FinalOutcome.COMPLETED);
            assertThat(o.level()).as("level of task %d", i).isEqualTo(needsMore ? 1 : 0);
            List<AttemptRecord> attempts = s.attemptsByIndex().get(i);
            if (needsMore) {
                assertThat(attempts).extracting(AttemptRecord::state).containsExactly("OUT_OF_MEMORY", "COMPLETED");
                assertThat(attempts.get(0)).extracting(AttemptRecord::exitCode, AttemptRecord::signal)
                        .containsExactly(0, 125);
            } else {
                assertThat(attempts).extracting(AttemptRecord::state).containsExactly("COMPLETED");
            }
        }
        oom.assertNothingLeftInQueue(s);
    }

    @Test
    void argumentsAndExportsReachEveryRoundByteForByte() {
        ChainHarness.Snapshot s = oom.awaitEnd(oomChain, CHAIN_TIMEOUT);
        Path records = oom.work.resolve("records");
        String expectedArgs = nulJoined(AWKWARD_ARGS); // scenario.sh shifts off its table before recording

        for (int round = 1; round <= 2; round++) {
            int[] indices = round == 1 ? IntStream.range(0, 10).toArray() : new int[] {2, 5, 8};
            for (int i : indices) {
                assertThat(ChainHarness.read(records.resolve("r" + round + "-" + i + ".args")))
                        .as("arguments of task %d in round %d", i, round).contains(expectedArgs);
                assertThat(ChainHarness.read(records.resolve("r" + round + "-" + i + ".env")))
                        .as("FOO, EMPTY and the chain's variables of task %d in round %d", i, round)
                        .contains(nulJoined(List.of(EXPORT_VALUE, "", s.chain().id(), Integer.toString(round - 1),
                                Integer.toString(round - 1), Integer.toString(round))));
            }
        }
        assertThat(Path.of(PWNED)).as("a $(...) argument must never run").doesNotExist();
    }

    @Test
    void aTimeoutIsRetriedAtALevelWithMoreTime() {
        ChainHarness.Snapshot s = timeout.awaitEnd(timeoutChain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.attemptsByIndex().get(0)).extracting(AttemptRecord::state, AttemptRecord::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TIMEOUT", 0),
                        org.assertj.core.groups.Tuple.tuple("COMPLETED", 1));
        assertThat(s.outcomeByIndex().get(1).level()).isZero();
        assertOneOutcomePerTask(s, 2);
        timeout.assertNothingLeftInQueue(s);
    }

    @Test
    void exitCodeFailuresAndACancelledTaskAreReportedFailedAndNotRetried() {
        ChainHarness.Snapshot s = failures.awaitEnd(failuresChain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertThat(s.rounds()).as("nothing is retried").hasSize(1);
        Map<Integer, TaskOutcomeRecord> outcomes = s.outcomeByIndex();
        assertThat(outcomes.get(0).outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(outcomes.get(1).outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(outcomes.get(2).outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(outcomes.get(3).outcome()).isEqualTo(FinalOutcome.COMPLETED);
        assertThat(s.attemptsByIndex().get(0).get(0)).extracting(AttemptRecord::state, AttemptRecord::exitCode)
                .containsExactly("FAILED", 3);
        assertThat(s.attemptsByIndex().get(2).get(0).state()).isEqualTo("CANCELLED");
        assertOneOutcomePerTask(s, 4);
        failures.assertNothingLeftInQueue(s);
    }

    @Test
    void aTaskThatFailsAtEveryAllowedLevelIsExhausted() {
        ChainHarness.Snapshot s = exhausted.awaitEnd(exhaustedChain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertThat(s.chain().maxLevel()).isEqualTo(1);
        TaskOutcomeRecord task0 = s.outcomeByIndex().get(0);
        assertThat(task0.outcome()).isEqualTo(FinalOutcome.EXHAUSTED);
        assertThat(task0.level()).as("--max-level=1 stops it below the ladder's top").isEqualTo(1);
        assertThat(s.attemptsByIndex().get(0)).extracting(AttemptRecord::state)
                .containsExactly("OUT_OF_MEMORY", "OUT_OF_MEMORY");
        assertOneOutcomePerTask(s, 2);
        exhausted.assertNothingLeftInQueue(s);
    }

    @Test
    void aSplitRoundRetriesTheFailuresOfEveryArray() {
        ChainHarness.Snapshot s = split.awaitEnd(splitChain, CHAIN_TIMEOUT);

        List<JobRecord> round1 = s.jobs().stream().filter(j -> j.key().round() == 1).toList();
        List<JobRecord> arrays = round1.stream().filter(j -> j.key().role() == JobRole.ARRAY).toList();
        assertThat(arrays).as("round 1 split by max_array_spec_len: 8").hasSizeGreaterThanOrEqualTo(3);
        assertThat(round1).filteredOn(j -> j.key().role() == JobRole.FINALIZER).isEmpty();
        JobRecord handler = round1.stream().filter(j -> j.key().role() == JobRole.HANDLER).findFirst().orElseThrow();
        String dependency = handler.argv().stream().filter(a -> a.startsWith("--dependency=")).findFirst().orElseThrow();
        assertThat(dependency).isEqualTo("--dependency=" + arrays.stream()
                .map(a -> "afterany:" + a.slurmJobId().orElseThrow()).collect(Collectors.joining(",")));
        assertThrottleOfThreeHoldsForTheRound(arrays);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds().get(1).indices().toArray()).containsExactly(3, 18, 42);
        for (int i : new int[] {3, 18, 42}) {
            assertThat(s.outcomeByIndex().get(i).level()).isEqualTo(1);
        }
        assertOneOutcomePerTask(s, 8);
        split.assertNothingLeftInQueue(s);
    }

    @Test
    void aCompletedTaskWithoutItsDoneFileIsRetriedAtTheSameLevel() {
        ChainHarness.Snapshot s = doneFile.awaitEnd(doneFileChain, CHAIN_TIMEOUT);

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        List<AttemptRecord> task1 = s.attemptsByIndex().get(1);
        assertThat(task1).extracting(AttemptRecord::state, AttemptRecord::outcome, AttemptRecord::level)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("COMPLETED", Outcome.RETRY_SAME_LEVEL, 0),
                        org.assertj.core.groups.Tuple.tuple("COMPLETED", Outcome.COMPLETED, 0));
        assertThat(s.outcomeByIndex().get(1).level()).isZero();
        assertThat(s.attemptsByIndex().get(0)).hasSize(1);
        assertOneOutcomePerTask(s, 3);
        doneFile.assertNothingLeftInQueue(s);
    }

    @Test
    void aHandlerRunAgainForADecidedRoundSubmitsNothing() throws Exception {
        ChainHarness.Snapshot before = oom.awaitEnd(oomChain, CHAIN_TIMEOUT);
        Path jar = Path.of("target", "mem-escalate.jar").toAbsolutePath();

        Process p = new ProcessBuilder("java", "-cp", jar.toString(), "dev.memescalate.handler.HandlerMain",
                "--store", oom.storeFile().toString(), "--chain", oomChain, "--round", "1")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();

        ChainHarness.Snapshot after = oom.snapshot(oomChain);
        assertThat(after.jobs()).as("jobs after running round 1's handler again").isEqualTo(before.jobs());
        assertThat(after.rounds()).isEqualTo(before.rounds());
        assertThat(after.outcomes()).hasSameElementsAs(before.outcomes());
        assertThat(after.chain().status()).isEqualTo(ChainStatus.COMPLETED);
    }

    /**
     * {@code --throttle=3} over several arrays: shared as %1 each, and with more than three arrays, array i waits
     * (afterany) for array i-3, so that at most three tasks of the round run at once.
     */
    private static void assertThrottleOfThreeHoldsForTheRound(List<JobRecord> arrays) {
        List<JobRecord> byPart = arrays.stream().sorted((a, b) -> Integer.compare(a.key().part(), b.key().part()))
                .toList();
        int total = 0;
        for (JobRecord array : byPart) {
            String spec = array.argv().stream().filter(a -> a.startsWith("--array=")).findFirst().orElseThrow();
            total += Integer.parseInt(spec.substring(spec.indexOf('%') + 1));
            int part = array.key().part();
            List<String> dependencies = array.argv().stream().filter(a -> a.startsWith("--dependency=")).toList();
            if (part >= 3) {
                assertThat(dependencies).containsExactly(
                        "--dependency=afterany:" + byPart.get(part - 3).slurmJobId().orElseThrow());
            } else {
                assertThat(dependencies).isEmpty();
            }
        }
        assertThat(total).isEqualTo(byPart.size() <= 3 ? 3 : byPart.size());
    }

    /** Every task of the chain has exactly one final outcome, and nothing else does. */
    private static void assertOneOutcomePerTask(ChainHarness.Snapshot s, int tasks) {
        List<Integer> indices = s.outcomes().stream().map(TaskOutcomeRecord::index).sorted().toList();
        assertThat(indices).doesNotHaveDuplicates().hasSize(tasks);
        assertThat(s.chain().endedAt()).isPresent();
    }

    private static Path config(ChainHarness h, String extra) {
        return h.write("ladder.yaml", LADDER + extra);
    }

    private static Path table(ChainHarness h, String... rows) {
        return h.write("table.txt", "# index mem_mb sleep_s exit_code ok_from_level done_from_round\n"
                + String.join("\n", rows) + "\n");
    }

    /** Waits until task {@code index} of round 1 runs; returns its Slurm id {@code ARRAY_INDEX}. */
    private static String awaitRunning(ChainHarness h, String chainId, int index) {
        String task = ChainHarness.arrayJobId(h.snapshot(chainId), 1) + "_" + index;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(300));
        while (Instant.now().isBefore(deadline)) {
            var state = cluster.run(List.of("squeue", "-h", "-j", task, "-o", "%T")).stdout().strip();
            if (state.equals("RUNNING")) {
                return task;
            }
            ChainHarness.sleep(Duration.ofMillis(300));
        }
        throw new AssertionError("task " + task + " of chain " + chainId + " did not start within 300 s");
    }

    private static String nulJoined(List<String> values) {
        return values.stream().map(v -> v + "\0").collect(Collectors.joining());
    }

}
