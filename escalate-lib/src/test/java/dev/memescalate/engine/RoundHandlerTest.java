package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.engine.FakeSlurm.Submission;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundHandlerTest {
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

    /** Round 1 of the mixed fixture: sacct lies once, then gives the real rows; the handler (afternotok) runs. */
    private RoundHandler.Result handleMixedRoundOne(ChainRecord chain) {
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.liesBriefly(job), RealSacctRows.of(job, TWELVE));
        return h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));
    }

    @Test
    void aMixedRoundIsRecordedAndItsResourceFailuresEscalateThenTheChainEndsWithFailures() {
        ChainRecord chain = h.createChain("0-11");

        RoundHandler.Result first = handleMixedRoundOne(chain);

        // Every task's attempt, as sacct reported it.
        Map<Integer, AttemptRecord> attempts = h.attempts(chain).stream()
                .collect(Collectors.toMap(AttemptRecord::index, a -> a));
        assertThat(attempts).hasSize(12);
        String job1 = h.arrayJobId(chain, 1, 0);
        assertThat(attempts.values()).allSatisfy(a -> {
            assertThat(a.round()).isEqualTo(1);
            assertThat(a.level()).isZero();
            assertThat(a.slurmJobId()).isEqualTo(job1);
        });
        assertAttempt(attempts.get(0), "COMPLETED", "COMPLETED", 0, 0, Outcome.COMPLETED);
        assertAttempt(attempts.get(3), "OUT_OF_MEMORY", "OUT_OF_MEMORY", 0, 125, Outcome.ESCALATE);
        assertAttempt(attempts.get(4), "FAILED", "FAILED", 1, 0, Outcome.FAILED);
        assertAttempt(attempts.get(5), "FAILED", "FAILED", 0, 9, Outcome.FAILED);
        assertAttempt(attempts.get(6), "TIMEOUT", "TIMEOUT", 0, 0, Outcome.ESCALATE);
        assertAttempt(attempts.get(7), "CANCELLED", "CANCELLED by 0", 0, 0, Outcome.FAILED);
        assertThat(attempts.get(3).maxRssBytes()).hasValue(1164L * 1024);
        assertThat(attempts.get(0).maxRssBytes()).hasValue(4648L * 1024);
        assertThat(attempts.get(6).elapsedSeconds()).hasValue(62);
        assertThat(attempts.get(10).node()).contains("day2");
        assertThat(attempts.get(0).node()).contains("day1");
        assertThat(attempts.get(0).start()).isPresent();

        // OOM and TIMEOUT go up one level in round 2; the others are final.
        assertThat(first.decision().orElseThrow().escalate()).isEqualTo(IndexSet.of(3, 6));
        assertThat(first.nextRounds()).containsExactly(2);
        assertThat(first.roundStatus()).isEqualTo(RoundStatus.DONE);
        assertThat(first.chainEnded()).isEmpty();
        RoundRecord second = h.round(chain, 2);
        assertThat(second.level()).isEqualTo(1);
        assertThat(second.indices()).isEqualTo(IndexSet.of(3, 6));
        assertThat(second.kind()).isEqualTo(RoundKind.ESCALATE);
        assertThat(second.parentRound()).hasValue(1);
        assertThat(second.status()).isEqualTo(RoundStatus.SUBMITTED);
        Submission array2 = h.slurm.submission(h.arrayJobId(chain, 2, 0));
        assertThat(array2.option("array")).contains("3,6");
        assertThat(array2.option("mem")).contains("1G");
        assertThat(outcomeByIndex(chain)).containsOnlyKeys(0, 1, 2, 4, 5, 7, 8, 9, 10, 11);
        assertThat(outcomeByIndex(chain).get(4).outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(outcomeByIndex(chain).get(4).reason()).contains("FAILED", "1:0");
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.RUNNING);

        // Round 2: both complete (the fixture's COMPLETED tasks 0 and 1 replayed as 3 and 6).
        String job2 = h.arrayJobId(chain, 2, 0);
        h.slurm.sacctPrints(RealSacctRows.renumbered(job2, Map.of(0, 3, 1, 6)));
        RoundHandler.Result last = h.handler().handle(chain.id(), 2, Optional.of(jobId(chain, 2, JobRole.HANDLER)));

        assertThat(last.nextRounds()).isEmpty();
        assertThat(last.chainEnded()).contains(ChainStatus.COMPLETED_WITH_FAILURES);
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertThat(h.chain(chain).endedAt()).isPresent();
        Map<Integer, TaskOutcomeRecord> outcomes = outcomeByIndex(chain);
        assertThat(outcomes.get(3).outcome()).isEqualTo(FinalOutcome.COMPLETED);
        assertThat(outcomes.get(3).round()).isEqualTo(2);
        assertThat(outcomes.get(3).level()).isEqualTo(1);
        assertThat(outcomes.values().stream().filter(o -> o.outcome() == FinalOutcome.FAILED)
                .map(TaskOutcomeRecord::index))
                .containsExactlyInAnyOrder(4, 5, 7);
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    @Test
    void aHandlerCancelsNothingNotEvenItsGuard() {
        ChainRecord chain = h.createChain("0-11");

        handleMixedRoundOne(chain);

        assertThat(h.slurm.cancels()).as("the guard goes by itself when its handler succeeds").isEmpty();
        assertThat(h.job(chain, 1, JobRole.GUARD, 0).status()).isEqualTo(JobStatus.SUBMITTED);
    }

    /** Rounds planned before handlers ran afterany had an afterok FINALIZER: the handler that runs cancels it. */
    @Test
    void aFinalizerOfARoundPlannedTheOldWayIsCancelledByItsStoredIdNeverTheRunningJobItself() {
        ChainRecord chain = h.createChain("0-11");
        String job = h.submitRound(chain, 1);
        h.store.write(tx -> {
            tx.jobs().insert(new JobRecord(new dev.memescalate.store.JobKey(chain.id(), 1, JobRole.FINALIZER, 0),
                    "mem-escalate-" + chain.id() + "-r1-finalizer", List.of("x"), Optional.empty(), Optional.empty(),
                    JobStatus.SUBMITTED, Optional.of("999"), Optional.empty(), Optional.empty(), h.clock.instant(),
                    Optional.of(h.clock.instant()), Optional.empty()));
            return null;
        });
        h.slurm.sacctPrints(RealSacctRows.of(job, TWELVE));

        h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(h.slurm.cancels()).containsExactly(List.of("999"));
        assertThat(h.job(chain, 1, JobRole.FINALIZER, 0).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(h.slurm.cancelled()).doesNotContain(jobId(chain, 1, JobRole.HANDLER));
    }

    @Test
    void aHandlerRunAgainAfterItFinishedChangesAndSubmitsNothing() {
        ChainRecord chain = h.createChain("0-11");
        handleMixedRoundOne(chain);
        int sbatchCalls = h.slurm.sbatchCalls();
        int sacctCalls = h.slurm.sacctCalls().size();
        List<TaskOutcomeRecord> outcomes = h.outcomes(chain);
        List<RoundRecord> rounds = h.rounds(chain);

        RoundHandler.Result again = h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(h.slurm.sbatchCalls()).isEqualTo(sbatchCalls);
        assertThat(h.slurm.sacctCalls()).hasSize(sacctCalls);
        assertThat(again.decision()).isEmpty();
        assertThat(again.roundStatus()).isEqualTo(RoundStatus.DONE);
        assertThat(h.outcomes(chain)).isEqualTo(outcomes);
        assertThat(h.rounds(chain)).isEqualTo(rounds);
        assertThat(h.attempts(chain)).hasSize(12);
    }

    /** A handler killed in sbatch of the next round, before the job reached slurmctld: run again, submits it once. */
    @Test
    void aHandlerKilledAfterDecidingSubmitsTheNextRoundOnceWhenRunAgain() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.dieDuringSbatch(5, false); // calls 1-4: round 1's array, handler, two guards; 5: round 2's array

        assertThatThrownBy(() -> handleMixedRoundOne(chain)).isInstanceOf(FakeSlurm.Killed.class);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.DECIDED);
        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.PLANNED);
        int outcomesAfterDecision = h.outcomes(chain).size();

        h.advance(JobSubmission.STALE_CLAIM.plusSeconds(1)); // the dead handler's claim has gone stale
        RoundHandler.Result rerun = h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(rerun.decision()).as("the decision is not taken twice").isEmpty();
        assertThat(rerun.nextRounds()).containsExactly(2);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.DONE);
        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.SUBMITTED);
        assertThat(h.slurm.submissionsNamed(JobNames.array("run job.sh", chain.id(), 2, 0))).hasSize(1);
        assertThat(h.slurm.submissionsNamed(JobNames.handler(chain.id(), 2))).hasSize(1);
        assertThat(h.outcomes(chain)).hasSize(outcomesAfterDecision);
        assertThat(h.attempts(chain)).hasSize(12);
    }

    /** Killed after slurmctld accepted the next round's array, before its id was recorded: adopted, not resubmitted. */
    @Test
    void aHandlerKilledAfterSbatchAcceptedTheNextRoundAdoptsItWhenRunAgain() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.dieDuringSbatch(5, true);

        assertThatThrownBy(() -> handleMixedRoundOne(chain)).isInstanceOf(FakeSlurm.Killed.class);
        h.advance(JobSubmission.STALE_CLAIM.plusSeconds(1));
        h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        List<Submission> arrays2 = h.slurm.submissionsNamed(JobNames.array("run job.sh", chain.id(), 2, 0));
        assertThat(arrays2).singleElement()
                .satisfies(s -> assertThat(h.arrayJobId(chain, 2, 0)).isEqualTo(s.jobId()));
        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.SUBMITTED);
    }

    /**
     * A round whose array was adopted is recorded as submitted when it was adopted, which can be long after its tasks
     * ended: sacct's -S must come from when the round was planned, or sacct leaves the tasks out and the round is never
     * decided (seen on the cluster: a round adopted two minutes late, "1 task(s) without a terminal sacct row yet"
     * in every handler run).
     */
    @Test
    void anAdoptedRoundIsReadFromSacctFromWhenItWasPlannedNotWhenItWasAdopted() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.dieDuringSbatch(5, true);
        assertThatThrownBy(() -> handleMixedRoundOne(chain)).isInstanceOf(FakeSlurm.Killed.class);
        h.advance(JobSubmission.STALE_CLAIM.plusSeconds(1));
        h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));
        RoundRecord adopted = h.round(chain, 2);
        assertThat(adopted.submittedAt().orElseThrow()).isAfter(adopted.createdAt().plus(JobSubmission.STALE_CLAIM));

        String job = h.arrayJobId(chain, 2, 0);
        h.slurm.sacctPrints(RealSacctRows.of(job, TWELVE));
        h.handler().handle(chain.id(), 2, Optional.of(jobId(chain, 2, JobRole.HANDLER)));

        List<String> sacct = h.slurm.sacctCalls().get(h.slurm.sacctCalls().size() - 1);
        assertThat(sacct).contains("--starttime=" + AccountingReader.sacctTime(
                adopted.createdAt().minus(Duration.ofMinutes(1)), EngineHarness.SACCT_ZONE));
    }

    @Test
    void escalationAboveTheMaxLevelIsExhausted() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11").maxLevel(0));

        RoundHandler.Result result = handleMixedRoundOne(chain);

        assertThat(result.nextRounds()).isEmpty();
        assertThat(h.rounds(chain)).hasSize(1);
        Map<Integer, TaskOutcomeRecord> outcomes = outcomeByIndex(chain);
        assertThat(outcomes.get(3).outcome()).isEqualTo(FinalOutcome.EXHAUSTED);
        assertThat(outcomes.get(6).outcome()).isEqualTo(FinalOutcome.EXHAUSTED);
        assertThat(outcomes.get(3).reason()).contains("OUT_OF_MEMORY", "highest allowed");
        assertThat(result.chainEnded()).contains(ChainStatus.COMPLETED_WITH_FAILURES);
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    @Test
    void escalationAtTheTopOfTheLadderIsExhausted() {
        String oneLevel = """
                levels:
                  - partition: day
                    mem: 200M
                    time: 1
                handler:
                  partition: pi_jetz
                  time: 5
                sacct_timeout: 2m
                """;
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11").yaml(oneLevel));
        assertThat(chain.maxLevel()).isZero();

        handleMixedRoundOne(chain);

        assertThat(outcomeByIndex(chain).get(6).outcome()).isEqualTo(FinalOutcome.EXHAUSTED);
        assertThat(outcomeByIndex(chain).get(6).reason()).contains("TIMEOUT", "level 0");
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    @Test
    void aNodeFailureOnSeveralNodesExcludesEachNodeOfItsHostlist() {
        ChainRecord chain = h.createChain("0-1");
        String job1 = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.nodeFailed(job1, 0, "day[1-2]") + RealSacctRows.of(job1, IndexSet.of(1)));

        h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(h.round(chain, 2).excludeNodes()).containsExactly("day1", "day2");
        assertThat(h.slurm.submission(h.arrayJobId(chain, 2, 0)).option("exclude")).contains("day1,day2");
    }

    @Test
    void aNodeFailureIsRetriedAtTheSameLevelWithoutThatNodeAtMostMaxRetriesTimes() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-1")
                .yaml(EngineHarness.LADDER + "max_retries: 1\n"));
        String job1 = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.nodeFailed(job1, 0, "day2") + RealSacctRows.of(job1, IndexSet.of(1)));

        RoundHandler.Result first = h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(first.decision().orElseThrow().retry()).isEqualTo(IndexSet.of(0));
        RoundRecord retry = h.round(chain, 2);
        assertThat(retry.kind()).isEqualTo(RoundKind.RETRY);
        assertThat(retry.level()).isZero();
        assertThat(retry.excludeNodes()).containsExactly("day2");
        Submission array2 = h.slurm.submission(h.arrayJobId(chain, 2, 0));
        assertThat(array2.option("exclude")).contains("day2");
        assertThat(array2.option("mem")).contains("200M");
        assertThat(array2.option("array")).contains("0");

        String job2 = h.arrayJobId(chain, 2, 0);
        h.slurm.sacctPrints(RealSacctRows.nodeFailed(job2, 0, "day1"));
        RoundHandler.Result second = h.handler().handle(chain.id(), 2, Optional.of(jobId(chain, 2, JobRole.HANDLER)));

        assertThat(second.nextRounds()).as("max_retries: 1 is used up").isEmpty();
        TaskOutcomeRecord outcome = outcomeByIndex(chain).get(0);
        assertThat(outcome.outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(outcome.reason()).contains("NODE_FAIL", "already retried 1 time(s)");
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    @Test
    void aTaskCompletedWithoutItsDoneFileIsRetriedAtTheSameLevel() throws IOException {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-1")
                .yaml(EngineHarness.LADDER + "done_file: \"done/{index}.ok\"\n"));
        Files.createDirectories(h.workDir.resolve("done"));
        Files.createFile(h.workDir.resolve("done/0.ok"));
        String job1 = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.allLike(job1, IndexSet.of(0, 1), RealSacctRows.COMPLETED));

        RoundHandler.Result first = h.handler().handle(chain.id(), 1,
                Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(first.decision().orElseThrow().completed()).isEqualTo(IndexSet.of(0));
        assertThat(first.decision().orElseThrow().retry()).isEqualTo(IndexSet.of(1));
        assertThat(h.round(chain, 2).level()).isZero();
        assertThat(h.attempts(chain)).filteredOn(a -> a.index() == 1).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("done file", "1.ok"));

        Files.createFile(h.workDir.resolve("done/1.ok"));
        String job2 = h.arrayJobId(chain, 2, 0);
        h.slurm.sacctPrints(RealSacctRows.allLike(job2, IndexSet.of(1), RealSacctRows.COMPLETED));
        h.handler().handle(chain.id(), 2, Optional.of(jobId(chain, 2, JobRole.HANDLER)));

        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.COMPLETED);
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    @Test
    void aChainWhoseTasksAllCompletedEndsCompletedWithNothingLeftToSubmit() {
        ChainRecord chain = h.createChain("0-3");
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.of(job, IndexSet.range(0, 2)) + RealSacctRows.renumbered(job, Map.of(8, 3)));
        String handler = jobId(chain, 1, JobRole.HANDLER);

        RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(handler));

        assertThat(result.chainEnded()).contains(ChainStatus.COMPLETED);
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.COMPLETED);
        assertThat(h.slurm.cancels()).isEmpty();
        assertThat(h.events(chain)).anySatisfy(e -> assertThat(e.message()).contains("all 4 task(s) completed"));
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    /** Regression: a task sacct never showed must not end COMPLETED, however the round's jobs ended. */
    @Test
    void aTaskSacctNeverShowedFailsWhenTheWaitEndsWithThatReason() {
        ChainRecord chain = h.createChain("0-11");
        String job = h.submitRound(chain, 1);
        h.slurm.sacctPrints(RealSacctRows.liesBriefly(job) + RealSacctRows.of(job, IndexSet.range(0, 10)));

        h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(outcomeByIndex(chain).get(11).outcome()).isEqualTo(FinalOutcome.FAILED);
        assertThat(outcomeByIndex(chain).get(11).reason()).contains("no sacct row after waiting");
        assertThat(outcomeByIndex(chain).get(0).outcome()).isEqualTo(FinalOutcome.COMPLETED);
        // sacct_timeout 2m is below 60% of the handler's 5 minutes, so it bounds the wait.
        assertThat(h.sleeper.total()).isLessThanOrEqualTo(Duration.ofMinutes(2));
    }

    /**
     * Regression (issue 8): when the handler could not read sacct at all (slurmdbd down; a 1,000,000-task answer that
     * ran it out of heap), it waited out its limit and then recorded every task FAILED. A task is FAILED only on
     * Slurm's word: nothing is decided, and the result says why for the next run.
     */
    @Test
    void nothingIsDecidedWhenSacctCannotBeReadOrKnowsNoTaskOrSaysTasksStillRun() {
        ChainRecord chain = h.createChain("0-11");
        String job = h.submitRound(chain, 1);
        String running = dev.memescalate.slurm.Fixtures.slurm2205("sacct-X-P-running.txt").replace("134_", job + "_");
        for (FakeSlurm.SacctAnswer answer : List.<FakeSlurm.SacctAnswer>of(
                new FakeSlurm.Fails(FakeSlurm.sacctUnreachable()),
                new FakeSlurm.Prints(RealSacctRows.liesBriefly(job)),
                new FakeSlurm.Prints(RealSacctRows.of(job, IndexSet.range(0, 5)) + running))) {
            h.slurm.sacctAnswers(answer);

            RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1,
                    JobRole.HANDLER)));

            assertThat(result.notReady()).as("%s", answer).isPresent();
            assertThat(result.decision()).isEmpty();
            assertThat(h.outcomes(chain)).isEmpty();
            assertThat(h.attempts(chain)).isEmpty();
            assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.SUBMITTED);
        }
        assertThat(h.events(chain)).filteredOn(e -> e.kind().equals("round-not-ready")).hasSize(3);
    }

    @Test
    void aNextRoundThatSbatchRefusesEndsTheChainRatherThanLeavingItRunning() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.failSbatch(5, FakeSlurm.memoryRefusal()); // round 2's array

        RoundHandler.Result result = handleMixedRoundOne(chain);

        assertThat(h.round(chain, 2).status()).isEqualTo(RoundStatus.SUBMIT_FAILED);
        assertThat(outcomeByIndex(chain).get(3).reason()).contains("Requested node configuration is not available");
        assertThat(result.chainEnded()).contains(ChainStatus.COMPLETED_WITH_FAILURES);
        assertEveryIndexSettledOnceAndNothingLeft(chain);
    }

    @Test
    void aSplitRoundIsReadAndDecidedOverAllItsParts() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11")
                .yaml(EngineHarness.LADDER + "max_array_tasks: 6\n"));
        h.submitter().submit(chain.id(), 1);
        String part0 = h.arrayJobId(chain, 1, 0);
        String part1 = h.arrayJobId(chain, 1, 1);
        h.slurm.sacctPrints(RealSacctRows.of(part0, IndexSet.range(0, 5)) + RealSacctRows.of(part1,
                IndexSet.range(6, 11)));

        RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(result.decision().orElseThrow().escalate()).isEqualTo(IndexSet.of(3, 6));
        assertThat(h.attempts(chain)).filteredOn(a -> a.index() == 6).singleElement()
                .satisfies(a -> assertThat(a.slurmJobId()).isEqualTo(part1));
        assertThat(h.slurm.cancels()).as("a split round has no sibling").isEmpty();
    }

    /** Regression: a handler that ran after its chain had ended (cancelled by the user) submitted the next round. */
    @Test
    void aHandlerOfAChainThatHasEndedSubmitsNothing() {
        ChainRecord chain = h.createChain("0-11");
        String job = h.submitRound(chain, 1);
        h.store.write(tx -> {
            tx.chains().updateStatus(chain.id(), ChainStatus.CANCELLED, Optional.of(h.clock.instant()));
            return null;
        });
        h.slurm.sacctPrints(RealSacctRows.of(job, TWELVE));
        int before = h.slurm.sbatchCalls();

        RoundHandler.Result result = h.handler().handle(chain.id(), 1, Optional.of(jobId(chain, 1, JobRole.HANDLER)));

        assertThat(h.slurm.sbatchCalls()).isEqualTo(before);
        assertThat(result.nextRounds()).isEmpty();
        assertThat(h.rounds(chain)).hasSize(1).allSatisfy(r -> assertThat(r.status()).isEqualTo(RoundStatus.DONE));
        assertThat(h.attempts(chain)).as("what happened is still recorded").hasSize(12);
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.CANCELLED);
        assertThat(h.jobs(chain)).extracting(JobRecord::status).doesNotContain(JobStatus.INTENDED);
    }

    @Test
    void aRoundThatWasNeverSubmittedHasNoHandler() {
        ChainRecord chain = h.createChain("0-11");

        assertThatThrownBy(() -> h.handler().handle(chain.id(), 1, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never submitted");
        assertThat(h.slurm.submissions()).isEmpty();
    }

    private static void assertAttempt(AttemptRecord a, String state, String rawState, int exitCode, int signal,
            Outcome outcome) {
        assertThat(a.state()).isEqualTo(state);
        assertThat(a.rawState()).isEqualTo(rawState);
        assertThat(a.exitCode()).isEqualTo(exitCode);
        assertThat(a.signal()).isEqualTo(signal);
        assertThat(a.outcome()).isEqualTo(outcome);
    }

    private Map<Integer, TaskOutcomeRecord> outcomeByIndex(ChainRecord chain) {
        return h.outcomes(chain).stream().collect(Collectors.toMap(TaskOutcomeRecord::index, o -> o));
    }

    private String jobId(ChainRecord chain, int round, JobRole role) {
        return h.job(chain, round, role, 0).slurmJobId().orElseThrow();
    }

    /**
     * The chain's invariant once it ended: every index of its array has exactly one final outcome, no round is
     * waiting, running or being decided, and no job is left to submit.
     */
    private void assertEveryIndexSettledOnceAndNothingLeft(ChainRecord chain) {
        List<Integer> settled = h.outcomes(chain).stream().map(TaskOutcomeRecord::index).toList();
        IndexSet all = chain.indices();
        assertThat(settled).doesNotHaveDuplicates();
        assertThat(IndexSet.of(settled.stream().mapToInt(Integer::intValue).toArray())).isEqualTo(all);
        assertThat(h.rounds(chain)).allSatisfy(r -> assertThat(r.status()).isIn(RoundStatus.DONE,
                RoundStatus.SUBMIT_FAILED));
        assertThat(h.jobs(chain)).extracting(JobRecord::status)
                .doesNotContain(JobStatus.INTENDED, JobStatus.SUBMITTING);
        assertThat(h.chain(chain).status().isTerminal()).isTrue();
    }
}
