package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.engine.FakeSlurm.Fails;
import dev.memescalate.engine.FakeSlurm.Prints;
import dev.memescalate.engine.FakeSlurm.Submission;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.EventRecord;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler job's own healing: a round that cannot be decided yet is handed to a later run, never decided on the
 * handler's trouble; a guard runs a failed handler again with more resources, unless a user cancelled it.
 */
class HandlerRunTest {
    private static final IndexSet TWELVE = IndexSet.range(0, 11);

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

    private String id(ChainRecord chain, JobRole role, int part) {
        return h.job(chain, 1, role, part).slurmJobId().orElseThrow();
    }

    private List<EventRecord> events(ChainRecord chain, String kind) {
        return h.events(chain).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    @Test
    void aRoundSacctCannotReadIsHandedToAHandlerThatRunsAMinuteLaterAndNothingIsDecided() {
        ChainRecord chain = h.createChain("0-11");
        h.submitRound(chain, 1);
        h.slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()));

        HandlerRun.Outcome outcome = h.engine().handlerRun().run(chain.id(), 1,
                Optional.of(id(chain, JobRole.HANDLER, 0)), 0);

        assertThat(outcome.exit()).isEqualTo(HandlerRun.Exit.RESCHEDULED);
        assertThat(h.outcomes(chain)).isEmpty();
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.SUBMITTED);
        Submission rerun = h.slurm.submission(id(chain, JobRole.HANDLER, 1));
        assertThat(rerun.jobName()).isEqualTo(JobNames.handler(chain.id(), 1, 1));
        assertThat(rerun.has("--begin=now+60")).isTrue();
        assertThat(rerun.option("dependency")).as("its arrays have ended").isEmpty();
        Submission guard = h.slurm.submission(id(chain, JobRole.GUARD, 2));
        assertThat(guard.option("dependency")).contains("afternotok:" + rerun.jobId());
        assertThat(events(chain, "handler-rerun")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("sacct failed", "Connection refused"));
    }

    @Test
    void eachRunLaterWaitsTwiceAsLongAndAfterTheLastTheChainIsLeftForResume() {
        ChainRecord chain = h.createChain("0-11");
        h.submitRound(chain, 1);
        h.slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()));
        for (int rerun = 1; rerun <= HandlerRun.MAX_RERUNS; rerun++) {
            String self = id(chain, JobRole.HANDLER, rerun - 1);
            assertThat(h.engine().handlerRun().run(chain.id(), 1, Optional.of(self), 0).exit())
                    .isEqualTo(HandlerRun.Exit.RESCHEDULED);
            long expected = Math.min(HandlerRun.MAX_DELAY.toSeconds(), 60L << (rerun - 1));
            assertThat(h.slurm.submission(id(chain, JobRole.HANDLER, rerun)).has("--begin=now+" + expected))
                    .as("rerun %d", rerun).isTrue();
        }

        HandlerRun.Outcome last = h.engine().handlerRun().run(chain.id(), 1,
                Optional.of(id(chain, JobRole.HANDLER, HandlerRun.MAX_RERUNS)), 0);

        assertThat(last.exit()).isEqualTo(HandlerRun.Exit.GAVE_UP);
        assertThat(h.outcomes(chain)).isEmpty();
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.RUNNING);
        assertThat(events(chain, "handler-gave-up")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("gave up after 13 handler run(s)",
                        "mem-escalate resume " + chain.id()));
    }

    @Test
    void aRunLaterDecidesTheRoundOnceSacctAnswers() {
        ChainRecord chain = h.createChain("0-11");
        String array = h.submitRound(chain, 1);
        h.slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()));
        h.engine().handlerRun().run(chain.id(), 1, Optional.of(id(chain, JobRole.HANDLER, 0)), 0);
        h.slurm.sacctPrints(RealSacctRows.of(array, TWELVE));

        HandlerRun.Outcome outcome = h.engine().handlerRun().run(chain.id(), 1,
                Optional.of(id(chain, JobRole.HANDLER, 1)), 0);

        assertThat(outcome.exit()).isEqualTo(HandlerRun.Exit.DONE);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.DONE);
        assertThat(h.outcomes(chain)).hasSize(10); // OOM and TIMEOUT escalate to round 2
        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.SUBMITTED);
    }

    /** Regression (issue 8): a round whose next round sbatch would not take ended its tasks FAILED. */
    @Test
    void sbatchNotAnsweringForTheNextRoundHandsTheDecidedRoundToALaterRun() {
        ChainRecord chain = h.createChain("0-11");
        String array = h.submitRound(chain, 1); // sbatch calls 1-4: array, handler, two guards
        h.slurm.sacctPrints(RealSacctRows.of(array, TWELVE));
        for (int call = 5; call < 5 + JobSubmission.SUBMIT_RETRY.maxAttempts(); call++) {
            h.slurm.failSbatch(call, FakeSlurm.transientFailure("sbatch: error: Socket timed out on send/recv"));
        }

        HandlerRun.Outcome outcome = h.engine().handlerRun().run(chain.id(), 1,
                Optional.of(id(chain, JobRole.HANDLER, 0)), 0);

        assertThat(outcome.exit()).isEqualTo(HandlerRun.Exit.RESCHEDULED);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.DECIDED);
        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.PLANNED);
        assertThat(h.outcomes(chain)).as("only what Slurm said: no task failed for sbatch's silence").hasSize(10);

        h.engine().handlerRun().run(chain.id(), 1, Optional.of(id(chain, JobRole.HANDLER, 1)), 0);

        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.DONE);
        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.SUBMITTED);
    }

    @Test
    void aGuardWhoseHandlerAUserCancelledLeavesTheRoundAlone() {
        ChainRecord chain = h.createChain("0-11");
        String array = h.submitRound(chain, 1);
        String handler = id(chain, JobRole.HANDLER, 0);
        h.slurm.sacctAnswers(new Prints(handler + "|CANCELLED by 0|0:0|00:00:00|None assigned\n"),
                new Prints(RealSacctRows.of(array, TWELVE)));

        HandlerRun.Outcome outcome = h.engine().handlerRun().run(chain.id(), 1,
                Optional.of(id(chain, JobRole.GUARD, 0)), 1);

        assertThat(outcome.exit()).isEqualTo(HandlerRun.Exit.LEFT_ALONE);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.SUBMITTED);
        assertThat(h.slurm.cancels()).as("the second guard would run it").containsExactly(List.of(id(chain,
                JobRole.GUARD, 1)));
        assertThat(events(chain, "handler-stopped")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("handler job " + handler + " ended CANCELLED by 0",
                        "mem-escalate resume"));
    }

    @Test
    void aGuardOfAHandlerKilledForMemoryDecidesTheRoundAndCancelsTheGuardWaitingOnIt() {
        ChainRecord chain = h.createChain("0-11");
        String array = h.submitRound(chain, 1);
        String handler = id(chain, JobRole.HANDLER, 0);
        String guard1 = id(chain, JobRole.GUARD, 0);
        String guard2 = id(chain, JobRole.GUARD, 1);
        h.slurm.sacctAnswers(new Prints(handler + "|OUT_OF_MEMORY|0:125|00:00:03|pi1\n"),
                new Prints(RealSacctRows.of(array, TWELVE)));

        HandlerRun.Outcome outcome = h.engine().handlerRun().run(chain.id(), 1, Optional.of(guard1), 1);

        assertThat(outcome.exit()).isEqualTo(HandlerRun.Exit.DONE);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.DONE);
        assertThat(h.slurm.cancels()).containsExactly(List.of(guard2));
        assertThat(h.job(chain, 1, JobRole.GUARD, 1).status()).isEqualTo(JobStatus.CANCELLED);
    }

    /**
     * Both guards are submitted with the handler, each waiting on the one before: a guard that dies while its JVM
     * starts (measured: a 32M guard of a 16M handler, killed for memory after a second) cannot submit the next one.
     */
    @Test
    void aHandlersGuardsAreSubmittedWithItEachWithTwiceTheResourcesOfTheOneBefore() {
        ChainRecord chain = h.createChain("0-11");
        h.submitRound(chain, 1);

        Submission handler = h.slurm.submission(id(chain, JobRole.HANDLER, 0));
        Submission guard1 = h.slurm.submission(id(chain, JobRole.GUARD, 0));
        Submission guard2 = h.slurm.submission(id(chain, JobRole.GUARD, 1));
        assertThat(guard1.option("dependency")).contains("afternotok:" + handler.jobId());
        assertThat(guard2.option("dependency")).contains("afternotok:" + guard1.jobId());
        assertThat(guard2.argv()).endsWith("1", "--guard", "2");
        // Twice, then four times the handler's 512M and 5 minutes, within pi_jetz (16 GB nodes, MaxTime 8 min).
        assertThat(List.of(handler.option("mem"), guard1.option("mem"), guard2.option("mem")))
                .containsExactly(Optional.of("512M"), Optional.of("1G"), Optional.of("2G"));
        assertThat(List.of(handler.option("time"), guard1.option("time"), guard2.option("time")))
                .containsExactly(Optional.of("00:05:00"), Optional.of("00:08:00"), Optional.of("00:08:00"));
    }

    @Test
    void aHandlerThatDecidedCancelsItsGuardsAndOneThatRunsLaterLeavesTheNewRunsGuardsAlone() {
        ChainRecord chain = h.createChain("0-11");
        h.submitRound(chain, 1);
        h.slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()));

        h.engine().handlerRun().run(chain.id(), 1, Optional.of(id(chain, JobRole.HANDLER, 0)), 0);

        assertThat(h.slurm.cancels()).containsExactly(List.of(id(chain, JobRole.GUARD, 0), id(chain, JobRole.GUARD, 1)));
        assertThat(h.job(chain, 1, JobRole.GUARD, 2).status()).as("the later run's guard").isEqualTo(JobStatus.SUBMITTED);
        assertThat(h.job(chain, 1, JobRole.GUARD, 3).status()).isEqualTo(JobStatus.SUBMITTED);
    }

    /** A handler run by hand while its job also runs: the round is decided once, the next round submitted once. */
    @Test
    void twoRunsOfOneRoundSubmitExactlyOneNextRound() {
        ChainRecord chain = h.createChain("0-11");
        String array = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.of(array, TWELVE));

        h.engine().handlerRun().run(chain.id(), 1, Optional.of(id(chain, JobRole.HANDLER, 0)), 0);
        h.engine().handlerRun().run(chain.id(), 1, Optional.empty(), 0);

        assertThat(h.rounds(chain)).hasSize(2);
        assertThat(h.slurm.submissionsNamed(JobNames.array("run job.sh", chain.id(), 2, 0))).hasSize(1);
        assertThat(h.jobs(chain)).filteredOn(j -> j.key().round() == 2).extracting(JobRecord::status)
                .containsOnly(JobStatus.SUBMITTED);
    }
}
