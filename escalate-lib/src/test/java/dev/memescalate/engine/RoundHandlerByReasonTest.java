package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.engine.FakeSlurm.Submission;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handler of a by_reason chain plans one next round per (memory level, time level) pair of its escalated tasks,
 * each an ordinary round with its own arrays and handler, asking for the pair's memory and time. The tasks are the
 * real sacct rows of {@link RealSacctRows}: OUT_OF_MEMORY (3), FAILED 1:0 (4), FAILED 0:9 (5), TIMEOUT (6).
 */
class RoundHandlerByReasonTest {
    private static final String BY_REASON = EngineHarness.LADDER + """
            escalation: by_reason
            state_handling:
              exit_codes:
                "0:9": escalate
                1: escalate
            """;

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
    void escalatedTasksGoToOneSiblingRoundPerPairWithThatPairsMemoryAndTime() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11").yaml(BY_REASON).throttle(4));
        assertThat(h.round(chain, 1).levels()).isEqualTo(LevelPair.lockstep(0));
        assertThat(h.round(chain, 1).byReason()).isTrue();
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.of(job, IndexSet.range(0, 11)));

        RoundHandler.Result first = h.handler().handle(chain.id(), 1, Optional.of(handlerId(chain, 1)));

        assertThat(first.nextRounds()).containsExactly(2, 3, 4);
        Map<LevelPair, RoundRecord> next = h.rounds(chain).stream().filter(r -> r.number() > 1)
                .collect(Collectors.toMap(RoundRecord::levels, r -> r));
        assertThat(next).containsOnlyKeys(new LevelPair(0, 1), new LevelPair(1, 0), new LevelPair(1, 1));
        assertThat(next.get(new LevelPair(1, 0)).indices()).isEqualTo(IndexSet.of(3, 5)); // OOM, 0:9
        assertThat(next.get(new LevelPair(0, 1)).indices()).isEqualTo(IndexSet.of(6)); // TIMEOUT
        assertThat(next.get(new LevelPair(1, 1)).indices()).isEqualTo(IndexSet.of(4)); // 1: escalate
        assertThat(next.values()).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(RoundKind.ESCALATE);
            assertThat(r.parentRound()).hasValue(1);
        });

        // Ladder: level 0 200M / 1 min on day, level 1 1G / 1 min on day.
        Submission memoryUp = arrayOf(chain, next.get(new LevelPair(1, 0)));
        assertThat(memoryUp.option("mem")).contains("1G");
        assertThat(memoryUp.option("time")).contains("00:01:00");
        Submission timeUp = arrayOf(chain, next.get(new LevelPair(0, 1)));
        assertThat(timeUp.option("mem")).contains("200M");
        assertThat(timeUp.option("partition")).contains("day");
        // The sibling rounds share the chain's --throttle=4 by task count: 2 tasks %2, 1 task %1, 1 task %1.
        assertThat(memoryUp.option("array")).contains("3,5%2");
        assertThat(timeUp.option("array")).contains("6%1");
        assertThat(h.job(chain, next.get(new LevelPair(0, 1)).number(), JobRole.HANDLER, 0).slurmJobId())
                .isPresent();

        // The time-raised task times out again at time level 1; the memory-raised ones complete.
        RoundRecord timeRound = next.get(new LevelPair(0, 1));
        h.slurm.sacctPrints(RealSacctRows.renumbered(h.arrayJobId(chain, timeRound.number(), 0),
                Map.of(RealSacctRows.TIMEOUT, 6)));
        RoundHandler.Result again = h.handler().handle(chain.id(), timeRound.number(),
                Optional.of(handlerId(chain, timeRound.number())));

        RoundRecord timeAgain = h.round(chain, again.nextRounds().get(0));
        assertThat(timeAgain.levels()).isEqualTo(new LevelPair(0, 2));
        Submission week = arrayOf(chain, timeAgain);
        assertThat(week.option("partition")).contains("week");
        assertThat(week.option("mem")).contains("200M");
        assertThat(week.option("time")).contains("00:02:00");
    }

    @Test
    void aTimeoutAtTheTopTimeLevelIsExhaustedAtItsTimeLevel() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("6").yaml(BY_REASON).maxLevel(0));
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.of(job, IndexSet.of(6)));

        RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(handlerId(chain, 1)));

        assertThat(result.chainEnded()).contains(ChainStatus.COMPLETED_WITH_FAILURES);
        List<TaskOutcomeRecord> outcomes = h.outcomes(chain);
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(FinalOutcome.EXHAUSTED);
            assertThat(o.reason()).endsWith("at time level 0, the highest allowed");
        });
    }

    private Submission arrayOf(ChainRecord chain, RoundRecord round) {
        return h.slurm.submission(h.arrayJobId(chain, round.number(), 0));
    }

    private String handlerId(ChainRecord chain, int round) {
        return h.job(chain, round, JobRole.HANDLER, 0).slurmJobId().orElseThrow();
    }
}
