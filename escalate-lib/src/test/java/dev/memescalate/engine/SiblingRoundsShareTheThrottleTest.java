package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.StartLevel;
import dev.memescalate.engine.FakeSlurm.Submission;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.StartHistoryTable.Completion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --throttle=N} holds for the rounds submitted at once: the ESCALATE and RETRY rounds one handler plans (up to
 * three ESCALATE rounds with by_reason) and the INITIAL rounds of a learned start share N by task count, so the
 * {@code %} of all their arrays add up to N. Before, each sibling took N on its own (up to 4N tasks at once). The
 * tasks replay the real sacct rows of {@link RealSacctRows}; a task that completed without its done file is retried.
 */
class SiblingRoundsShareTheThrottleTest {
    /** Tasks that complete without their done file (none is ever written here) are retried at the same level. */
    private static final String DONE_FILE = "done_file: \"done/{index}.ok\"\n";
    /** Round 2's escalated tasks 0-2,4-6 need two arrays of at most 8 characters each. */
    private static final String SPLIT = "index_mapping: never\nmax_array_spec_len: 8\n";

    @TempDir
    Path tmp;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void anEscalateAndARetryRoundShareTheThrottleByTaskCount() {
        ChainRecord chain = sixToEscalateFourToRetry(5);

        RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(handlerId(chain, 1)));

        assertThat(result.nextRounds()).containsExactly(2, 3);
        assertThat(h.round(chain, 2).kind()).isEqualTo(RoundKind.ESCALATE);
        assertThat(h.round(chain, 3).kind()).isEqualTo(RoundKind.RETRY);
        // 6 and 4 of 10 tasks: %3 and %2; round 2's %3 is shared by its two arrays as %2 and %1.
        assertThat(throttles(chain, 2)).containsExactly(2, 1);
        assertThat(throttles(chain, 3)).containsExactly(2);
        assertThat(sum(throttles(chain, 2)) + sum(throttles(chain, 3))).isEqualTo(5);
        assertThat(dependencies(chain, 2, 1)).as("a share of 2 or more runs its arrays side by side").isEmpty();
    }

    /**
     * The submitter computes the share again from the rounds table: a share smaller than the round's arrays chains
     * them ({@link ThrottleShares}) by the round's share, not by the chain's N.
     */
    @Test
    void aShareSmallerThanItsRoundsArraysChainsThemLikeASmallThrottle() {
        ChainRecord chain = sixToEscalateFourToRetry(2);

        h.handler().handle(chain.id(), 1, Optional.of(handlerId(chain, 1)));

        assertThat(throttles(chain, 2)).containsExactly(1, 1);
        assertThat(throttles(chain, 3)).containsExactly(1);
        assertThat(dependencies(chain, 2, 1)).containsExactly("--dependency=afterany:" + h.arrayJobId(chain, 2, 0));
    }

    @Test
    void byReasonsThreeEscalateRoundsAndTheRetryRoundShareTheThrottle() {
        String byReason = EngineHarness.LADDER + DONE_FILE + """
                escalation: by_reason
                state_handling:
                  exit_codes:
                    1: escalate
                """;
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11").yaml(byReason).throttle(8));
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.allLike(job, IndexSet.range(0, 5), RealSacctRows.OUT_OF_MEMORY)
                + RealSacctRows.allLike(job, IndexSet.range(6, 8), RealSacctRows.TIMEOUT)
                + RealSacctRows.allLike(job, IndexSet.of(9, 10), RealSacctRows.FAILED_1_0)
                + RealSacctRows.allLike(job, IndexSet.of(11), RealSacctRows.COMPLETED));

        RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(handlerId(chain, 1)));

        assertThat(result.nextRounds()).hasSize(4);
        Map<String, Integer> byRound = h.rounds(chain).stream().filter(r -> r.number() > 1).collect(
                Collectors.toMap(r -> r.kind() + " " + r.levels().label(), r -> sum(throttles(chain, r.number()))));
        // Quotas 8 x 6/12 = 4, 8 x 3/12 = 2, 8 x 2/12 = 1.33, 8 x 1/12 = 0.67: the one left over goes to the retry.
        assertThat(byRound).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ESCALATE " + new LevelPair(1, 0).label(), 4,
                "ESCALATE " + new LevelPair(0, 1).label(), 2,
                "ESCALATE " + new LevelPair(1, 1).label(), 1,
                "RETRY " + new LevelPair(0, 0).label(), 1));
        assertThat(byRound.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    }

    @Test
    void theInitialRoundsOfALearnedStartShareTheThrottle() throws IOException {
        ChainLauncher launcher = new ChainLauncher(h.slurm, h.clock, new java.util.Random(7));

        ChainLauncher.Plan plan = learnedStartPlan(launcher, 10);

        assertThat(plan.initialRounds()).extracting(r -> r.round().indices().size()).containsExactly(12, 6, 2);
        // 10 x 12/20 = 6, 10 x 6/20 = 3, 10 x 2/20 = 1
        assertThat(plan.initialThrottles()).containsExactly(OptionalInt.of(6), OptionalInt.of(3), OptionalInt.of(1));
        assertThat(DryRun.render(plan)).contains("Throttle: --throttle=10 is shared by the 3 initial rounds",
                "round 1 %6 (12 task(s)), round 2 %3 (6 task(s)), round 3 %1 (2 task(s))",
                "at most 10 of their tasks run at once", "--array=8-19%6", "--array=0-5%3", "--array=6,7%1");
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            launcher.launch(plan, store, h.engine().submitter());
        }
        List<String> arrays = h.slurm.submissions().stream()
                .filter(s -> s.jobName().contains("job.sh") && s.option("array").isPresent())
                .map(s -> s.option("array").orElseThrow()).toList();
        assertThat(arrays).containsExactly("8-19%6", "0-5%3", "6,7%1");
    }

    @Test
    void aThrottleBelowTheNumberOfInitialRoundsGivesEachOne() throws IOException {
        ChainLauncher.Plan plan = learnedStartPlan(new ChainLauncher(h.slurm, h.clock, new java.util.Random(7)), 2);

        assertThat(plan.initialThrottles()).containsExactly(OptionalInt.of(1), OptionalInt.of(1), OptionalInt.of(1));
        assertThat(DryRun.render(plan)).contains("round 1 %1 (12 task(s)), round 2 %1 (6 task(s))",
                "fewer than one per round, so each round runs 1 task at a time, 3 tasks at once");
    }

    /**
     * {@code submit --array=0-19 --start-level=auto --throttle=N} after earlier chains completed 0-5 at level 1 and
     * 6-7 at level 2: 8-19 have no history and start at 0.
     */
    private ChainLauncher.Plan learnedStartPlan(ChainLauncher launcher, int throttle) throws IOException {
        Path workDir = Files.createDirectories(tmp.resolve("launch"));
        Files.writeString(workDir.resolve("job.sh"), "#!/bin/sh\necho \"$SLURM_ARRAY_TASK_ID\"\n");
        StartHistory history = (sha, samePath, first, last, sink) -> IndexSet.range(0, 7).stream()
                .filter(i -> i >= first && i <= last)
                .forEach(i -> sink.accept(new Completion(i, i <= 5 ? 1 : 2, "aaaa0001", true)));
        ChainLauncher.Request request = new ChainLauncher.Request(Path.of("job.sh"), List.of(), "0-19",
                OptionalInt.of(throttle), ConfigLoader.parse(EngineHarness.LADDER, "test.yaml"), OptionalInt.empty(),
                Optional.of(StartLevel.auto()), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                workDir, tmp.resolve("tracker"), Path.of("/usr/bin/java"), Path.of("/opt/mem-escalate.jar"),
                "login-host", "alice");
        return launcher.prepare(request, history);
    }

    /**
     * A chain of tasks 0-9 whose round 1 was submitted and ended: 0-2 and 4-6 ran out of memory (escalated, in two
     * arrays), 3 and 7-9 completed without their done files (retried).
     */
    private ChainRecord sixToEscalateFourToRetry(int throttle) {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-9")
                .yaml(EngineHarness.LADDER + DONE_FILE + SPLIT).throttle(throttle));
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.allLike(job, IndexSet.of(0, 1, 2, 4, 5, 6), RealSacctRows.OUT_OF_MEMORY)
                + RealSacctRows.allLike(job, IndexSet.of(3, 7, 8, 9), RealSacctRows.COMPLETED));
        return chain;
    }

    /** The {@code %n} of each array job of a round as sbatch was given it, by part. */
    private List<Integer> throttles(ChainRecord chain, int round) {
        return arrays(chain, round).stream()
                .map(j -> h.slurm.submission(j.slurmJobId().orElseThrow()).option("array").orElseThrow())
                .map(spec -> Integer.parseInt(spec.substring(spec.indexOf('%') + 1)))
                .toList();
    }

    private List<String> dependencies(ChainRecord chain, int round, int part) {
        Submission s = h.slurm.submission(h.arrayJobId(chain, round, part));
        return s.argv().stream().filter(a -> a.startsWith("--dependency=")).toList();
    }

    private List<JobRecord> arrays(ChainRecord chain, int round) {
        return h.jobs(chain).stream().filter(j -> j.key().round() == round && j.key().role() == JobRole.ARRAY)
                .sorted((a, b) -> Integer.compare(a.key().part(), b.key().part()))
                .toList();
    }

    private static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    private String handlerId(ChainRecord chain, int round) {
        return h.job(chain, round, JobRole.HANDLER, 0).slurmJobId().orElseThrow();
    }
}
