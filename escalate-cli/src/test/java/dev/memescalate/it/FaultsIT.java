package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.EventRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slurm's faults, provoked on the real local cluster, and the chain gets through them by itself: a handler killed
 * for memory or for time is run again by its guards; sbatch failing for a while is retried, and one refusing for good
 * in the middle of a split round orphans nothing; sacct answering first with a bogus and then a partial answer is
 * asked again; a handler run by hand while its job runs submits the next round once.
 *
 * <p>Faults of sbatch and sacct come from wrappers first on PATH (written by this test, in each chain's work
 * directory): the submit command and the handler jobs it starts (which inherit its environment) call them, they fail
 * the calls they are told to with Slurm's own messages, then run the real command. The chains run at the same time.
 */
class FaultsIT {
    /**
     * Room for a claim to go stale (two minutes) after a guard is killed mid-submission, under the suite's load, should
     * squeue still list the dead guard's job (COMPLETING) when the next guard looks.
     */
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(8);

    private static final String LADDER = """
            levels:
              - partition: devel,day,week
                mem: 200M
                time: 1
              - partition: day,week
                mem: 1G
                time: 1
            handler:
              partition: pi_jetz
              mem: %s
              time: %s
            sacct_timeout: 1m
            max_array_tasks: %d
            """;

    /** Task 1 needs level 1 (OOM at 200M), the others complete at once. */
    private static final String ONE_OOM = "1 300 0 0 1\n* 10 1 0 0\n";

    private static SlurmTestCluster cluster;
    private static final Map<String, ChainHarness> harness = new HashMap<>();
    private static final Map<String, String> chains = new HashMap<>();

    @BeforeAll
    static void submitEveryChain() {
        cluster = SlurmTestCluster.connect();

        // A handler of 16M is killed for memory as its JVM starts, so is its first guard (32M), or it gets as far as
        // deciding round 1 and submitting round 2's array before it is killed: then the second guard (64M) takes the
        // dead guard's claim over at once (squeue no longer lists the dead guard's job) and adopts round 2's array.
        submit("oom-handler", config("16M", "2", 100), ONE_OOM, "0-3", Map.of());

        // The handler's first sacct call hangs past its one-minute limit: Slurm kills it (TIMEOUT), its guard runs.
        ChainHarness slow = harness("slow-sacct");
        Path sacct = wrapper(slow, "sacct", """
                case " $* " in *" --duplicates "*) ;; *) exec "$REAL" "$@" ;; esac
                n=$(count)
                if [ "$n" = 1 ]; then sleep 150; fi
                exec "$REAL" "$@"
                """);
        submit(slow, config("512M", "1", 100), ONE_OOM, "0-3", path(sacct));

        // sbatch times out twice when the handler submits round 2 (calls 1-4 are round 1's array, handler, guards).
        ChainHarness flaky = harness("flaky-sbatch");
        Path sbatch = wrapper(flaky, "sbatch", """
                n=$(count)
                if [ "$n" = 5 ] || [ "$n" = 6 ]; then
                  echo "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2
                  exit 1
                fi
                exec "$REAL" "$@"
                """);
        submit(flaky, config("512M", "5", 100), ONE_OOM, "0-3", path(sbatch));

        // Round 1 is split into three arrays; sbatch refuses the second for good.
        ChainHarness refusing = harness("refused-part");
        Path refuse = wrapper(refusing, "sbatch", """
                n=$(count)
                if [ "$n" = 2 ]; then
                  echo "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified" >&2
                  exit 1
                fi
                exec "$REAL" "$@"
                """);
        submit(refusing, config("512M", "5", 2), "* 10 1 0 0\n", "0-5", path(refuse));

        // sacct first prints the bogus whole-array row, then only part of the answer, then the real one.
        ChainHarness lying = harness("lying-sacct");
        Path liar = wrapper(lying, "sacct", """
                case " $* " in *" --duplicates "*) ;; *) exec "$REAL" "$@" ;; esac
                n=$(count)
                real=$("$REAL" "$@") || exit $?
                job=$(printf '%s\\n' "$@" | sed -n 's/^--jobs=\\([0-9]*\\).*/\\1/p')
                case $n in
                  1) echo "$job|COMPLETED|0:0|00:00:01||day1|2026-01-01T00:00:00|2026-01-01T00:00:01|1" ;;
                  2) printf '%s\\n' "$real" | head -n 2 ;;
                  *) printf '%s\\n' "$real" ;;
                esac
                """);
        submit(lying, config("512M", "5", 100), ONE_OOM + "2 10 0 3 never\n", "0-5", path(liar));

        // Its handler is run again by hand while its job runs.
        submit("twice", config("512M", "5", 100), "* 10 5 0 never\n1 300 0 0 1\n", "0-3", Map.of());
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void aHandlerKilledForMemoryIsRunAgainByItsGuardsAndTheChainCompletesByItself() {
        ChainHarness.Snapshot s = awaitEnd("oom-handler");

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertOneOutcomePerTask(s, 4);
        Map<String, String> states = handlerStates(s, 1);
        assertThat(states.get("handler")).isEqualTo("OUT_OF_MEMORY");
        assertThat(states).as("a guard ran the round").containsValue("COMPLETED");
        harness.get("oom-handler").assertNothingLeftInQueue(s);
    }

    @Test
    void aHandlerKilledForTimeIsRunAgainByItsGuardAndTheChainCompletesByItself() {
        ChainHarness.Snapshot s = awaitEnd("slow-sacct");

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertOneOutcomePerTask(s, 4);
        Map<String, String> states = handlerStates(s, 1);
        assertThat(states.get("handler")).isEqualTo("TIMEOUT");
        assertThat(states.get("guard1")).isEqualTo("COMPLETED");
        assertThat(s.outcomeByIndex().get(1).level()).isEqualTo(1);
    }

    @Test
    void sbatchFailingForAWhileIsRetriedAndNothingIsSubmittedTwice() {
        ChainHarness.Snapshot s = awaitEnd("flaky-sbatch");

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertOneOutcomePerTask(s, 4);
        String round2 = ChainHarness.arrayName("scenario.sh", s.chain().id(), 2);
        assertThat(cluster.run(List.of("sacct", "-X", "-n", "-P", "--name=" + round2, "-o", "JobID", "-S",
                sinceSubmit(s))).stdout().strip().lines().toList()).as("round 2 submitted once").hasSize(1);
        assertThat(count(harness.get("flaky-sbatch"), "sbatch")).as("two failed calls, then it went through")
                .isGreaterThanOrEqualTo(7);
    }

    @Test
    void sbatchRefusingTheSecondOfThreeArraysForGoodOrphansNothingAndSaysWhy() {
        ChainHarness.Snapshot s = awaitEnd("refused-part");

        assertThat(s.chain().status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        List<JobRecord> arrays = s.jobs().stream().filter(j -> j.key().round() == 1 && j.key().role() == JobRole.ARRAY)
                .toList();
        assertThat(arrays).extracting(JobRecord::status)
                .containsExactly(JobStatus.SUBMITTED, JobStatus.SUBMIT_FAILED, JobStatus.SUBMITTED);
        JobRecord refused = arrays.get(1);
        for (int index : refused.indices().orElseThrow().toArray()) {
            TaskOutcomeRecord o = s.outcomeByIndex().get(index);
            assertThat(o.outcome()).isEqualTo(FinalOutcome.FAILED);
            assertThat(o.reason()).contains("Invalid account or account/partition combination specified");
        }
        assertThat(s.outcomes()).filteredOn(o -> o.outcome() == FinalOutcome.COMPLETED).hasSize(4);
        assertOneOutcomePerTask(s, 6);
        harness.get("refused-part").assertNothingLeftInQueue(s);
        assertThat(events(s)).anySatisfy(e -> assertThat(e.message())
                .contains("Invalid account or account/partition combination specified"));
    }

    @Test
    void aBogusThenPartialSacctAnswerIsAskedAgainAndEveryTaskIsClassifiedRight() {
        ChainHarness.Snapshot s = awaitEnd("lying-sacct");

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain()))
                .isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertOneOutcomePerTask(s, 6);
        assertThat(s.outcomeByIndex().get(1)).satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(FinalOutcome.COMPLETED);
            assertThat(o.level()).isEqualTo(1);
        });
        assertThat(s.outcomeByIndex().get(2).outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(s.attemptsByIndex().get(2).get(0).exitCode()).isEqualTo(3);
        for (int i : new int[] {0, 3, 4, 5}) {
            assertThat(s.outcomeByIndex().get(i).outcome()).as("task %d", i).isEqualTo(FinalOutcome.COMPLETED);
        }
        assertThat(count(harness.get("lying-sacct"), "sacct")).as("the lie, the part, then the truth")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aHandlerRunByHandWhileItsJobRunsSubmitsTheNextRoundOnce() throws Exception {
        ChainHarness h = harness.get("twice");
        String chain = chains.get("twice");
        String array = ChainHarness.arrayJobId(h.snapshot(chain), 1);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!cluster.run(List.of("squeue", "-h", "-j", array)).stdout().isBlank()
                && Instant.now().isBefore(deadline)) {
            ChainHarness.sleep(Duration.ofMillis(200));
        }
        Path jar = Path.of("target", "mem-escalate.jar").toAbsolutePath();
        Process byHand = new ProcessBuilder("java", "-cp", jar.toString(), "dev.memescalate.handler.HandlerMain",
                "--store", h.storeFile().toString(), "--chain", chain, "--round", "1")
                .redirectErrorStream(true).start();
        String output = new String(byHand.getInputStream().readAllBytes());
        assertThat(byHand.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(byHand.exitValue()).as(output).isZero();

        ChainHarness.Snapshot s = h.awaitEnd(chain, CHAIN_TIMEOUT);
        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).hasSize(2);
        String round2 = ChainHarness.arrayName("scenario.sh", chain, 2);
        assertThat(cluster.run(List.of("sacct", "-X", "-n", "-P", "--name=" + round2, "-o", "JobID", "-S",
                sinceSubmit(s))).stdout().strip().lines().toList()).as("round 2 submitted once").hasSize(1);
        assertOneOutcomePerTask(s, 4);
    }

    // ---- helpers ----

    private static ChainHarness harness(String name) {
        return harness.computeIfAbsent(name, n -> new ChainHarness(cluster, n));
    }

    private static String config(String handlerMem, String handlerTime, int maxArrayTasks) {
        return LADDER.formatted(handlerMem, handlerTime, maxArrayTasks);
    }

    private static void submit(String name, String config, String table, String array, Map<String, String> env) {
        submit(harness(name), config, table, array, env);
    }

    private static void submit(ChainHarness h, String config, String table, String array, Map<String, String> env) {
        String name = harness.entrySet().stream().filter(e -> e.getValue() == h).findFirst().orElseThrow().getKey();
        Path ladder = h.write("ladder.yaml", config);
        Path rows = h.write("table.txt", "# index mem_mb sleep_s exit_code ok_from_level\n" + table);
        chains.put(name, h.submit(List.of("--array=" + array, "--config=" + ladder, ChainHarness.SCENARIO.toString(),
                rows.toString()), env));
    }

    /**
     * A wrapper named {@code command} in the chain's own bin directory: {@code count} increments and prints how many
     * times it was called, {@code REAL} is the real command.
     */
    private static Path wrapper(ChainHarness h, String command, String body) {
        try {
            Path bin = Files.createDirectories(h.work.resolve("bin"));
            String real = cluster.run(List.of("sh", "-c", "command -v " + command)).stdout().strip();
            Path script = bin.resolve(command);
            Files.writeString(script, "#!/bin/bash\n"
                    + "# Written by FaultsIT: fails the calls it is told to, then runs the real " + command + ".\n"
                    + "REAL='" + real + "'\n"
                    + "count() { local f='" + bin.resolve(command + ".count") + "' n; n=$(( $(cat \"$f\" 2>/dev/null"
                    + " || echo 0) + 1 )); echo \"$n\" > \"$f\"; echo \"$n\"; }\n"
                    + body);
            script.toFile().setExecutable(true);
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> path(Path bin) {
        return Map.of("PATH", bin + ":" + System.getenv("PATH"));
    }

    private static int count(ChainHarness h, String command) {
        try {
            return Integer.parseInt(Files.readString(h.work.resolve("bin").resolve(command + ".count")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChainHarness.Snapshot awaitEnd(String name) {
        return harness.get(name).awaitEnd(chains.get(name), CHAIN_TIMEOUT);
    }

    /** How the handler and guard jobs of a round ended, by the end of their names ({@code handler}, {@code guard1}). */
    private static Map<String, String> handlerStates(ChainHarness.Snapshot s, int round) {
        Map<String, String> states = new HashMap<>();
        for (JobRecord job : s.jobs()) {
            if (job.key().round() != round || job.key().role() == JobRole.ARRAY || job.slurmJobId().isEmpty()) {
                continue;
            }
            String id = job.slurmJobId().get();
            String state = cluster.run(List.of("sacct", "-X", "-n", "-P", "-j", id, "-o", "State", "-S",
                    sinceSubmit(s))).stdout().strip();
            String name = job.jobName().substring(job.jobName().lastIndexOf('-') + 1);
            states.put(name, state.split(" ")[0]);
        }
        return states;
    }

    private static String sinceSubmit(ChainHarness.Snapshot s) {
        return java.time.LocalDateTime.ofInstant(s.chain().createdAt().minusSeconds(60), java.time.ZoneId.systemDefault())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static List<EventRecord> events(ChainHarness.Snapshot s) {
        try (var store = dev.memescalate.store.ChainStore.open(harness.get("refused-part").storeFile())) {
            return store.read(tx -> tx.events().forChain(s.chain().id()));
        }
    }

    private static void assertOneOutcomePerTask(ChainHarness.Snapshot s, int tasks) {
        List<Integer> indices = new ArrayList<>(s.outcomes().stream().map(TaskOutcomeRecord::index).toList());
        assertThat(indices).doesNotHaveDuplicates().hasSize(tasks);
    }
}
