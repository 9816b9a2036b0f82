package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.engine.FakeSlurm.Submission;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.JobState;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundSubmitterTest {
    /** Forces a round of a few scattered indices into several array jobs. */
    /** Specs of at most 5 characters, and no renumbering: the round is split. */
    private static final String SHORT_SPECS = EngineHarness.LADDER + "max_array_spec_len: 5\nindex_mapping: never\n";
    private static final String SCATTERED = "1,5,9,14,20,27";

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
    void submitsTheArrayThenItsHandlerAfteranyAndTheHandlersGuardAfternotok() {
        ChainRecord chain = h.createChain("0-11");

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        List<Submission> s = h.slurm.submissions();
        assertThat(s).hasSize(4);
        Submission array = s.get(0);
        assertThat(array.option("array")).contains("0-11");
        assertThat(array.jobName()).isEqualTo(JobNames.array("run job.sh", chain.id(), 1, 0));
        assertThat(array.option("dependency")).isEmpty();
        assertThat(array.workDir()).isEqualTo(chain.workDir());
        assertThat(array.argv()).endsWith(chain.scriptSnapshotPath().toString(), "two words", "$(x);y");
        assertThat(array.argv()).contains("--export=ALL");
        assertThat(array.environment()).containsEntry("FOO", "bar").containsEntry("MEM_ESCALATE_CHAIN_ID", chain.id())
                .containsEntry("MEM_ESCALATE_LEVEL", "0").containsEntry("MEM_ESCALATE_ROUND", "1");

        Submission handler = s.get(1);
        assertThat(handler.jobName()).isEqualTo(JobNames.handler(chain.id(), 1));
        assertThat(handler.option("dependency")).contains("afterany:" + array.jobId());
        assertThat(handler.has("--kill-on-invalid-dep=yes")).isTrue();
        assertThat(handler.option("partition")).contains("pi_jetz");
        assertThat(handler.workDir()).isEqualTo(chain.chainDir());

        Submission guard = s.get(2);
        assertThat(guard.jobName()).isEqualTo(JobNames.guard(chain.id(), 1, 0));
        assertThat(guard.option("dependency")).contains("afternotok:" + handler.jobId());
        assertThat(guard.has("--kill-on-invalid-dep=yes")).isTrue();
        // Twice the handler's memory and time (pi_jetz: 16 GB nodes, MaxTime 8 min).
        assertThat(guard.option("mem")).contains("1G");
        assertThat(guard.option("time")).contains("00:08:00");
        assertThat(guard.argv()).endsWith("1", "--guard", "1");

        assertThat(result.status()).isEqualTo(RoundStatus.SUBMITTED);
        assertThat(result.arrayJobIds()).containsExactly(java.util.Map.entry(0, array.jobId()));
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.SUBMITTED);
        assertThat(h.chain(chain).status()).isEqualTo(ChainStatus.RUNNING);
        // The store keeps the argv sbatch was really given, dependency included.
        assertThat(h.job(chain, 1, JobRole.HANDLER, 0).argv()).isEqualTo(handler.argv());
        assertThat(h.job(chain, 1, JobRole.GUARD, 0).slurmJobId()).contains(guard.jobId());
    }

    @Test
    void aRoundThatWouldBeSplitIsOneRenumberedArrayWhoseMapIsWrittenBeforeSbatch() throws Exception {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults(SCATTERED)
                .yaml(EngineHarness.LADDER + "max_array_spec_len: 5\n"));

        h.submitter().submit(chain.id(), 1);

        List<Submission> arrays = h.slurm.submissions().stream().filter(x -> x.option("array").isPresent()).toList();
        assertThat(arrays).singleElement().satisfies(a -> {
            assertThat(a.option("array")).contains("0-5");
            assertThat(a.argv()).contains(chain.chainDir().resolve(TaskLauncher.FILE).toString(),
                    chain.scriptSnapshotPath().toString(), "two words", "$(x);y");
        });
        Path map = TaskLauncher.indexMap(chain.chainDir(), 1);
        assertThat(java.nio.file.Files.readString(map)).isEqualTo(" 1\n 5\n 9\n14\n20\n27\n");
        assertThat(java.nio.file.Files.readString(chain.chainDir().resolve(TaskLauncher.FILE)))
                .startsWith("#!/bin/bash\n#SBATCH --comment=harness\n");
        assertThat(chain.scriptSnapshotPath().toFile().canExecute()).isTrue();
        JobRecord recorded = h.jobs(chain).stream().filter(j -> j.key().role() == JobRole.ARRAY).findFirst()
                .orElseThrow();
        assertThat(recorded.indices()).contains(IndexSet.of(1, 5, 9, 14, 20, 27));
        assertThat(recorded.arraySpec()).contains("0-5");
    }

    @Test
    void aSplitRoundGetsOneHandlerAfteranyOnEveryPart() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults(SCATTERED).yaml(SHORT_SPECS));

        h.submitter().submit(chain.id(), 1);

        List<Submission> arrays = h.slurm.submissions().stream().filter(x -> x.option("array").isPresent()).toList();
        assertThat(arrays).hasSizeGreaterThan(1);
        assertThat(arrays).allSatisfy(a -> assertThat(a.option("array").orElseThrow().length()).isLessThanOrEqualTo(5));
        IndexSet covered = h.jobs(chain).stream().filter(j -> j.key().role() == JobRole.ARRAY)
                .map(j -> j.indices().orElseThrow()).reduce(IndexSet.empty(), IndexSet::union);
        assertThat(covered).isEqualTo(IndexSet.of(1, 5, 9, 14, 20, 27));

        List<Submission> others = h.slurm.submissions().stream().filter(x -> x.option("array").isEmpty())
                .filter(x -> !x.jobName().contains("-guard")).toList();
        assertThat(others).singleElement().satisfies(handler -> {
            assertThat(handler.jobName()).isEqualTo(JobNames.handler(chain.id(), 1));
            String expected = String.join(",", arrays.stream().map(a -> "afterany:" + a.jobId()).toList());
            assertThat(handler.option("dependency")).contains(expected);
            assertThat(handler.has("--kill-on-invalid-dep=yes")).isTrue();
        });
        assertThat(h.jobs(chain)).noneMatch(j -> j.key().role() == JobRole.FINALIZER);
    }

    @Test
    void aThrottleIsSharedBetweenTheParts() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11").throttle(5)
                .yaml(EngineHarness.LADDER + "max_array_tasks: 6\n"));

        h.submitter().submit(chain.id(), 1);

        List<String> specs = h.slurm.submissions().stream().flatMap(x -> x.option("array").stream()).toList();
        assertThat(specs).containsExactly("0-5%3", "6-11%2");
        // 5 >= 2 parts: both run side by side with their shares, no chaining.
        assertThat(h.slurm.submissions().get(1).option("dependency")).isEmpty();
    }

    @Test
    void aThrottleBelowThePartCountChainsThePartsWithAfterany() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11").throttle(1)
                .yaml(EngineHarness.LADDER + "max_array_tasks: 4\n"));

        h.submitter().submit(chain.id(), 1);

        List<Submission> arrays = h.slurm.submissions().stream().filter(x -> x.option("array").isPresent()).toList();
        assertThat(arrays).extracting(a -> a.option("array").orElseThrow())
                .containsExactly("0-3%1", "4-7%1", "8-11%1");
        assertThat(arrays.get(0).option("dependency")).isEmpty();
        assertThat(arrays.get(1).option("dependency")).contains("afterany:" + arrays.get(0).jobId());
        assertThat(arrays.get(2).option("dependency")).contains("afterany:" + arrays.get(1).jobId());
        // The store keeps what sbatch was given, so a resubmission after a crash would chain the same way.
        assertThat(h.job(chain, 1, JobRole.ARRAY, 2).argv()).isEqualTo(arrays.get(2).argv());
    }

    @Test
    void submittingARoundTwiceSubmitsNothingTheSecondTime() {
        ChainRecord chain = h.createChain("0-11");
        h.submitter().submit(chain.id(), 1);
        int before = h.slurm.sbatchCalls();

        RoundSubmitter.Result again = h.submitter().submit(chain.id(), 1);

        assertThat(h.slurm.sbatchCalls()).isEqualTo(before).isEqualTo(4);
        assertThat(again.status()).isEqualTo(RoundStatus.SUBMITTED);
    }

    @Test
    void aJobLeftSubmittingByADeadSubmitterIsAdoptedWhenSqueueKnowsItsName() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        claimAsDeadSubmitter(array);
        h.slurm.queueKnows("777", array.jobName(), JobState.RUNNING);
        h.advance(JobSubmission.STALE_CLAIM.plusSeconds(1));

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(h.slurm.submissionsNamed(array.jobName())).isEmpty();
        assertThat(result.arrayJobIds()).containsEntry(0, "777");
        assertThat(h.job(chain, 1, JobRole.ARRAY, 0).slurmJobId()).contains("777");
        assertThat(h.job(chain, 1, JobRole.HANDLER, 0).argv()).contains("--dependency=afterany:777");
        assertThat(h.events(chain)).anySatisfy(e -> assertThat(e.kind()).isEqualTo("job-adopted"));
    }

    @Test
    void aJobLeftSubmittingByADeadSubmitterIsSubmittedOnceWhenNoJobHasItsName() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        claimAsDeadSubmitter(array);
        h.advance(JobSubmission.STALE_CLAIM.plusSeconds(1));

        h.submitter().submit(chain.id(), 1);
        h.submitter().submit(chain.id(), 1);

        assertThat(h.slurm.submissionsNamed(array.jobName())).hasSize(1);
        assertThat(h.slurm.queueQueries()).anySatisfy(q -> assertThat(q.names()).containsExactly(array.jobName()));
        assertThat(h.job(chain, 1, JobRole.ARRAY, 0).status()).isEqualTo(JobStatus.SUBMITTED);
    }

    /**
     * Regression: when sbatch hung past the stale-claim limit and another submitter took the job over and submitted
     * it, the first one still recorded nothing and went on with its own job id: two copies of the array ran. The
     * store tells it that it lost the claim; it cancels its copy and goes on with the recorded one.
     */
    @Test
    void aSubmitterWhoseClaimWasTakenOverDuringSbatchCancelsItsSecondCopy() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        h.slurm.duringSbatch(1, () -> takeOver(array, Optional.of("555")));

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        String ours = h.slurm.submissions().get(0).jobId();
        assertThat(h.slurm.cancels()).containsExactly(List.of(ours));
        assertThat(result.arrayJobIds()).containsEntry(0, "555");
        assertThat(h.job(chain, 1, JobRole.HANDLER, 0).argv()).contains("--dependency=afterany:555");
    }

    @Test
    void aSubmitterWhoseJobWasAdoptedByTheOneThatTookItOverKeepsIt() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        String oursWillBe = Long.toString(FakeSlurm.FIRST_JOB_ID);
        h.slurm.duringSbatch(1, () -> takeOver(array, Optional.of(oursWillBe)));

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(h.slurm.cancels()).isEmpty();
        assertThat(result.arrayJobIds()).containsEntry(0, oursWillBe);
    }

    @Test
    void aSubmitterWhoseClaimIsStillHeldByAnotherLeavesItsJobForThatOneToAdopt() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        h.slurm.duringSbatch(1, () -> takeOver(array, Optional.empty()));

        assertThatThrownBy(() -> h.submitter().submit(chain.id(), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("other-handler");
        assertThat(h.slurm.cancels()).isEmpty();
        assertThat(h.slurm.queue(dev.memescalate.slurm.QueueQuery.byNames(java.util.Set.of(array.jobName()))))
                .as("the other submitter finds it by name").hasSize(1);
    }

    /** Regression: a handler run by hand while the job's own run submitted the round failed with "is being submitted". */
    @Test
    void aJobAnotherSubmitterIsSubmittingRightNowIsWaitedForAndItsJobIdTaken() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        claimAs(array, "other-handler");
        h.sleeper.onWait(() -> h.store.write(tx -> tx.jobs().markSubmitted(array.key(), "other-handler", "4242",
                array.argv(), h.clock.instant())));

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(result.arrayJobIds()).containsEntry(0, "4242");
        assertThat(h.slurm.submissionsNamed(array.jobName())).as("not submitted a second time").isEmpty();
        assertThat(h.sleeper.waits()).containsExactly(JobSubmission.CLAIM_POLL);
    }

    @Test
    void aFreshClaimOfAnotherSubmitterIsLeftAloneUntilItIsStaleThenTakenOverAndTheJobSubmittedOnce() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        claimAs(array, "vanished-handler");
        java.time.Instant stale = h.clock.instant().plus(JobSubmission.STALE_CLAIM);
        h.sleeper.onWait(() -> {
            if (h.clock.instant().isBefore(stale)) {
                assertThat(h.slurm.submissions()).as("nothing submitted while the claim is fresh").isEmpty();
            }
        });

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(result.status()).isEqualTo(RoundStatus.SUBMITTED);
        assertThat(h.slurm.submissionsNamed(array.jobName())).hasSize(1);
        assertThat(h.sleeper.total()).isGreaterThan(JobSubmission.STALE_CLAIM)
                .isLessThanOrEqualTo(JobSubmission.STALE_CLAIM.plus(JobSubmission.CLAIM_POLL));
    }

    @Test
    void theClaimOfAHandlerWhoseJobHasEndedIsTakenOverAtOnceAndItsArrayAdopted() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        claimAs(array, "node3:4242:job9001"); // a handler killed for memory while it submitted: job 9001 has ended
        h.slurm.queueKnows("778", array.jobName(), JobState.RUNNING);

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(h.sleeper.waits()).as("no waiting for the claim to go stale").isEmpty();
        assertThat(h.slurm.submissionsNamed(array.jobName())).isEmpty();
        assertThat(result.arrayJobIds()).containsEntry(0, "778");
        assertThat(h.events(chain)).anySatisfy(e -> assertThat(e.kind()).isEqualTo("job-adopted"));
    }

    @Test
    void theClaimOfAHandlerWhoseJobStillRunsIsWaitedFor() {
        ChainRecord chain = h.createChain("0-11");
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        claimAs(array, "node3:4242:job9002");
        h.slurm.queueKnows("9002", "mem-escalate-handler", JobState.RUNNING);
        h.sleeper.onWait(() -> h.store.write(tx -> tx.jobs().markSubmitted(array.key(), "node3:4242:job9002", "4343",
                array.argv(), h.clock.instant())));

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(result.arrayJobIds()).containsEntry(0, "4343");
        assertThat(h.sleeper.waits()).containsExactly(JobSubmission.CLAIM_POLL);
        assertThat(h.slurm.submissionsNamed(array.jobName())).isEmpty();
    }

    /** Another submitter takes the job over as stale, and records {@code itsJobId} as submitted if given. */
    private void takeOver(JobRecord job, Optional<String> itsJobId) {
        h.advance(JobSubmission.STALE_CLAIM.plusSeconds(1));
        h.store.write(tx -> {
            assertThat(tx.jobs().claim(job.key(), "other-handler", h.clock.instant(), JobSubmission.STALE_CLAIM))
                    .isTrue();
            itsJobId.ifPresent(id -> tx.jobs().markSubmitted(job.key(), "other-handler", id, job.argv(),
                    h.clock.instant()));
            return null;
        });
    }

    @Test
    void aTransientSbatchFailureIsRetriedAfterLookingForTheJobByName() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.failSbatch(1, FakeSlurm.transientFailure("sbatch: Socket timed out"));
        String name = h.job(chain, 1, JobRole.ARRAY, 0).jobName();

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(result.status()).isEqualTo(RoundStatus.SUBMITTED);
        assertThat(h.slurm.submissionsNamed(name)).hasSize(1);
        assertThat(h.slurm.sbatchCalls()).isEqualTo(5);
        assertThat(h.slurm.queueQueries()).first().satisfies(q -> assertThat(q.names()).containsExactly(name));
        assertThat(h.sleeper.waits()).containsExactly(JobSubmission.SUBMIT_RETRY.delayAfterAttempt(1));
    }

    /** Regression: a timed-out sbatch whose job was created anyway must not be submitted a second time. */
    @Test
    void aTimedOutSbatchWhoseJobExistsIsAdoptedNotSubmittedTwice() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.timeOutAfterSubmitting(1);
        String name = h.job(chain, 1, JobRole.ARRAY, 0).jobName();

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(h.slurm.submissionsNamed(name)).singleElement()
                .satisfies(s -> assertThat(result.arrayJobIds()).containsEntry(0, s.jobId()));
    }

    /**
     * Regression (issue 8): sbatch that kept timing out ended the round SUBMIT_FAILED and every task FAILED ("could
     * not be submitted"): the tool's own trouble became the tasks' outcome. Now nothing is decided: the job goes back
     * to INTENDED and the round stays PLANNED for a later run.
     */
    @Test
    void sbatchFailingTransientlyEveryTimeLeavesTheRoundPlannedAndFailsNoTask() {
        ChainRecord chain = h.createChain("0-3");
        for (int call = 1; call <= JobSubmission.SUBMIT_RETRY.maxAttempts(); call++) {
            h.slurm.failSbatch(call, FakeSlurm.transientFailure("sbatch: Socket timed out"));
        }

        assertThatThrownBy(() -> h.submitter().submit(chain.id(), 1)).isInstanceOf(TransientSubmitException.class)
                .hasMessageContaining("Socket timed out");

        assertThat(h.slurm.sbatchCalls()).isEqualTo(JobSubmission.SUBMIT_RETRY.maxAttempts());
        assertThat(h.outcomes(chain)).isEmpty();
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.PLANNED);
        assertThat(h.job(chain, 1, JobRole.ARRAY, 0).status()).isEqualTo(JobStatus.INTENDED);

        RoundSubmitter.Result later = h.submitter().submit(chain.id(), 1);

        assertThat(later.status()).as("a later run submits it").isEqualTo(RoundStatus.SUBMITTED);
        assertThat(h.slurm.submissionsNamed(h.job(chain, 1, JobRole.ARRAY, 0).jobName())).hasSize(1);
    }

    @Test
    void aPermanentRefusalFailsTheJobAndItsTasksWithSbatchsMessage() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.failSbatch(1, FakeSlurm.memoryRefusal());

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(h.slurm.sbatchCalls()).as("a refusal is not retried").isEqualTo(1);
        assertThat(h.slurm.submissions()).as("no handler for a round with no array").isEmpty();
        JobRecord array = h.job(chain, 1, JobRole.ARRAY, 0);
        assertThat(array.status()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(array.lastError().orElseThrow()).contains("Requested node configuration is not available");
        assertThat(result.status()).isEqualTo(RoundStatus.SUBMIT_FAILED);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.SUBMIT_FAILED);
        // Regression: the handler intents stayed INTENDED forever, as if still to be submitted.
        assertThat(h.job(chain, 1, JobRole.HANDLER, 0).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(h.job(chain, 1, JobRole.GUARD, 0).status()).isEqualTo(JobStatus.CANCELLED);
        List<TaskOutcomeRecord> outcomes = h.outcomes(chain);
        assertThat(outcomes).extracting(TaskOutcomeRecord::index).containsExactlyElementsOf(range(0, 11));
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.outcome()).isEqualTo(FinalOutcome.FAILED);
            assertThat(o.reason()).contains("Requested node configuration is not available");
        });
    }

    /**
     * Regression: the handler of a split round whose other part sbatch refused got {@code afternotok} on the one part
     * that got in, so when that part fully succeeded no handler ever ran and the chain never ended.
     */
    @Test
    void aSplitRoundWithARefusedPartKeepsAfteranySoItsHandlerRunsWhenTheRestSucceeds() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-11")
                .yaml(EngineHarness.LADDER + "max_array_tasks: 6\n"));
        h.slurm.failSbatch(2, FakeSlurm.memoryRefusal());

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        assertThat(result.status()).isEqualTo(RoundStatus.SUBMITTED);
        // The refused part's tasks fail with sbatch's words; the other part's are left to its handler.
        assertThat(h.outcomes(chain)).extracting(TaskOutcomeRecord::index).containsExactlyElementsOf(range(6, 11));
        Submission handler = h.slurm.submissionsNamed(JobNames.handler(chain.id(), 1)).get(0);
        assertThat(handler.option("dependency")).contains("afterany:" + result.arrayJobIds().get(0));
    }

    @Test
    void whenTheHandlerCannotBeSubmittedTheArraysAreCancelledAndTheTasksFail() {
        ChainRecord chain = h.createChain("0-11");
        h.slurm.failSbatch(2, FakeSlurm.memoryRefusal());

        RoundSubmitter.Result result = h.submitter().submit(chain.id(), 1);

        String arrayId = h.slurm.submissions().get(0).jobId();
        assertThat(h.slurm.cancels()).containsExactly(List.of(arrayId));
        // Regression: the cancelled array stayed SUBMITTED in the store, as if it were still running.
        assertThat(h.job(chain, 1, JobRole.ARRAY, 0).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(h.job(chain, 1, JobRole.GUARD, 0).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(h.job(chain, 1, JobRole.HANDLER, 0).status()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(result.status()).isEqualTo(RoundStatus.SUBMIT_FAILED);
        assertThat(h.round(chain, 1).status()).isEqualTo(RoundStatus.SUBMIT_FAILED);
        assertThat(h.outcomes(chain)).hasSize(12).allSatisfy(o -> {
            assertThat(o.outcome()).isEqualTo(FinalOutcome.FAILED);
            assertThat(o.reason()).contains("handler", "Requested node configuration is not available");
        });
    }

    private void claimAsDeadSubmitter(JobRecord job) {
        claimAs(job, "dead-handler");
    }

    private void claimAs(JobRecord job, String owner) {
        boolean claimed = h.store.write(tx -> tx.jobs().claim(job.key(), owner, h.clock.instant(),
                JobSubmission.STALE_CLAIM));
        assertThat(claimed).isTrue();
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }
}
