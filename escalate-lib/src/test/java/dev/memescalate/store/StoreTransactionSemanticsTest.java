package dev.memescalate.store;

import static dev.memescalate.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollback, compare-and-set and uniqueness rules the engine relies on. */
class StoreTransactionSemanticsTest {
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);
    /** What sbatch was finally given: the intent's argv plus the dependency known only at submission. */
    private static final List<String> SUBMITTED_ARGV = List.of("--dependency=afternotok:111", "--job-name=x", "h.sh", "1");

    @TempDir
    Path dir;

    ChainStore store;

    @BeforeEach
    void open() {
        store = ChainStore.open(dir.resolve("chains.db"));
        Fixtures.seed(store, "c1", IndexSet.range(0, 9));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anExceptionInsideWriteRollsBackEverythingItWrote() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.chains().insert(Fixtures.chain("c2"));
            tx.rounds().insert(Fixtures.round("c2", 1, IndexSet.range(0, 99)));
            tx.attempts().insert(List.of(Fixtures.attempt("c2", 0, 1, Outcome.COMPLETED)));
            tx.events().append("c2", OptionalInt.empty(), "created", "x", T0);
            tx.chains().updateStatus("c1", ChainStatus.CANCELLED, Optional.of(T0));
            throw new IllegalStateException("engine bug halfway");
        })).isInstanceOf(IllegalStateException.class).hasMessage("engine bug halfway");

        assertThat(store.<Optional<ChainRecord>>read(tx -> tx.chains().find("c2"))).isEmpty();
        assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forChain("c2"))).isEmpty();
        assertThat(store.<List<EventRecord>>read(tx -> tx.events().forChain("c2"))).isEmpty();
        assertThat(store.<ChainStatus>read(tx -> tx.chains().find("c1").orElseThrow().status())).isEqualTo(ChainStatus.SUBMITTING);
    }

    @Test
    void activeRoundsAndChildRoundsAreAnsweredFromTheStatusAndParentColumns() {
        store.write(tx -> {
            tx.chains().insert(Fixtures.chain("c9"));
            tx.rounds().insert(Fixtures.round("c9", 1, IndexSet.range(0, 99)));
            tx.rounds().insert(Fixtures.round("c9", 2, IndexSet.of(3)));
            tx.rounds().insert(RoundRecord.planned("c9", 3, 0, IndexSet.of(5), OptionalInt.of(1), RoundKind.RETRY, T0,
                    List.of()));
            return null;
        });
        assertThat(store.<List<Integer>>read(tx -> tx.rounds().childNumbers("c9", 1))).containsExactly(2, 3);
        assertThat(store.<List<Integer>>read(tx -> tx.rounds().childNumbers("c9", 3))).isEmpty();
        assertThat(store.<Boolean>read(tx -> tx.rounds().hasActive("c9"))).isTrue();

        store.write(tx -> {
            for (int n = 1; n <= 3; n++) {
                tx.rounds().transition("c9", n, RoundStatus.PLANNED, RoundStatus.SUBMITTED, T0);
                tx.rounds().transition("c9", n, RoundStatus.SUBMITTED, RoundStatus.DECIDED, T0);
            }
            tx.rounds().transition("c9", 1, RoundStatus.DECIDED, RoundStatus.DONE, T0);
            tx.rounds().transition("c9", 2, RoundStatus.DECIDED, RoundStatus.DONE, T0);
            return null;
        });
        assertThat(store.<Boolean>read(tx -> tx.rounds().hasActive("c9"))).as("round 3 is still DECIDED").isTrue();

        store.write(tx -> tx.rounds().transition("c9", 3, RoundStatus.DECIDED, RoundStatus.DONE, T0));
        assertThat(store.<Boolean>read(tx -> tx.rounds().hasActive("c9"))).isFalse();
        assertThat(store.<Boolean>read(tx -> tx.rounds().hasActive("no-such-chain"))).isFalse();
    }

    @Test
    void aFailingStatementRollsBackTheEarlierStatementsOfItsTransaction() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.events().append("c1", OptionalInt.empty(), "before", "kept only if the transaction commits", T0);
            tx.chains().insert(Fixtures.chain("c1")); // duplicate primary key
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("UNIQUE");

        assertThat(store.<List<EventRecord>>read(tx -> tx.events().forChain("c1"))).isEmpty();
    }

    @Test
    void theStoreStaysUsableAfterARolledBackTransaction() {
        assertThatThrownBy(() -> store.write(tx -> {
            throw new IllegalArgumentException("no");
        })).isInstanceOf(IllegalArgumentException.class);

        store.write(tx -> {
            tx.events().append("c1", OptionalInt.empty(), "after", "m", T0);
            return null;
        });

        assertThat(store.<List<EventRecord>>read(tx -> tx.events().forChain("c1"))).hasSize(1);
    }

    @Test
    void readTransactionsRefuseWrites() {
        assertThatThrownBy(() -> store.read(tx -> {
            tx.events().append("c1", OptionalInt.empty(), "k", "m", T0);
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("read transaction");
    }

    @Test
    void transactionsDoNotNestAndATransactionCannotBeUsedAfterItEnds() {
        assertThatThrownBy(() -> store.write(outer -> store.read(inner -> 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not nest");

        AtomicReference<StoreTransaction> leaked = new AtomicReference<>();
        store.read(tx -> {
            leaked.set(tx);
            return null;
        });
        assertThatThrownBy(() -> leaked.get().chains().all()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void updatingAMissingChainOrJobFails() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.chains().updateStatus("missing", ChainStatus.RUNNING, Optional.empty());
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("no such chain missing");
        assertThatThrownBy(() -> store.write(tx -> {
            tx.jobs().markCancelled(new JobKey("c1", 1, JobRole.HANDLER, 0));
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("no such job");
    }

    @Test
    void aRoundMustBelongToAnExistingChain() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.rounds().insert(Fixtures.round("ghost", 1, IndexSet.of(1)));
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("FOREIGN KEY");
    }

    // ---- claimJob ----

    @Test
    void onlyOneOfTwoClaimantsGetsAnIntendedJob() {
        JobKey key = insertIntendedJob();

        boolean first = store.write(tx -> tx.jobs().claim(key, "host-a:1", T0, STALE_AFTER));
        boolean second = store.write(tx -> tx.jobs().claim(key, "host-b:2", T0.plusSeconds(1), STALE_AFTER));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        JobRecord job = store.read(tx -> tx.jobs().find(key)).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUBMITTING);
        assertThat(job.claimOwner()).contains("host-a:1");
        assertThat(job.claimedAt()).contains(T0);
    }

    @Test
    void aStaleClaimIsTakenOverAndTheOldOwnerCanNoLongerRecordTheResult() {
        JobKey key = insertIntendedJob();
        store.write(tx -> tx.jobs().claim(key, "host-a:1", T0, STALE_AFTER));

        boolean beforeStale = store.write(tx -> tx.jobs().claim(key, "host-b:2", T0.plus(STALE_AFTER), STALE_AFTER));
        boolean afterStale = store.write(
                tx -> tx.jobs().claim(key, "host-b:2", T0.plus(STALE_AFTER).plusMillis(1), STALE_AFTER));
        boolean oldOwnerRecorded = store.write(
                tx -> tx.jobs().markSubmitted(key, "host-a:1", "111", SUBMITTED_ARGV, T0));
        boolean newOwnerRecorded = store.write(
                tx -> tx.jobs().markSubmitted(key, "host-b:2", "222", SUBMITTED_ARGV, T0.plusSeconds(700)));

        assertThat(beforeStale).isFalse();
        assertThat(afterStale).isTrue();
        assertThat(oldOwnerRecorded).isFalse();
        assertThat(newOwnerRecorded).isTrue();
        JobRecord job = store.read(tx -> tx.jobs().find(key)).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.SUBMITTED);
        assertThat(job.slurmJobId()).contains("222");
        assertThat(job.submittedAt()).contains(T0.plusSeconds(700));
        assertThat(job.argv()).isEqualTo(SUBMITTED_ARGV);
    }

    @Test
    void submittedFailedAndCancelledJobsCannotBeClaimed() {
        JobKey submitted = insertIntendedJob();
        store.write(tx -> tx.jobs().claim(submitted, "a", T0, STALE_AFTER)
                && tx.jobs().markSubmitted(submitted, "a", "1", SUBMITTED_ARGV, T0));
        JobKey failed = new JobKey("c1", 1, JobRole.HANDLER, 0);
        JobKey cancelled = new JobKey("c1", 1, JobRole.ARRAY, 1);
        store.write(tx -> {
            tx.jobs().insert(JobRecord.intended(failed, "h", List.of("sbatch"), Optional.empty(), Optional.empty(), T0));
            tx.jobs().insert(Fixtures.arrayJob("c1", 1, 1));
            tx.jobs().claim(failed, "a", T0, STALE_AFTER);
            tx.jobs().markFailed(failed, "a", "sbatch: error: Batch job submission failed: Invalid partition");
            tx.jobs().markCancelled(cancelled);
            return null;
        });
        var muchLater = T0.plus(Duration.ofDays(1));

        for (JobKey key : List.of(submitted, failed, cancelled)) {
            assertThat(store.<Boolean>write(tx -> tx.jobs().claim(key, "b", muchLater, STALE_AFTER))).as(key.toString()).isFalse();
        }
        JobRecord failedJob = store.read(tx -> tx.jobs().find(failed)).orElseThrow();
        assertThat(failedJob.status()).isEqualTo(JobStatus.SUBMIT_FAILED);
        assertThat(failedJob.lastError()).contains("sbatch: error: Batch job submission failed: Invalid partition");
        assertThat(store.read(tx -> tx.jobs().find(cancelled)).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aJobThatWasNeverClaimedCannotBeMarkedSubmitted() {
        JobKey key = insertIntendedJob();

        assertThat(store.<Boolean>write(tx -> tx.jobs().markSubmitted(key, "a", "1", SUBMITTED_ARGV, T0))).isFalse();
        assertThat(store.read(tx -> tx.jobs().find(key)).orElseThrow().status()).isEqualTo(JobStatus.INTENDED);
    }

    private JobKey insertIntendedJob() {
        JobRecord job = Fixtures.arrayJob("c1", 1, 0);
        store.write(tx -> {
            tx.jobs().insert(job);
            return null;
        });
        return job.key();
    }

    // ---- transitionRound ----

    @Test
    void transitionRoundIsACompareAndSetThatStampsTheTime() {
        boolean submitted = store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.PLANNED, RoundStatus.SUBMITTED, T0.plusSeconds(5)));
        boolean submittedAgain = store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.PLANNED, RoundStatus.SUBMITTED, T0.plusSeconds(6)));
        boolean decided = store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.SUBMITTED, RoundStatus.DECIDED, T0.plusSeconds(7)));
        boolean decidedTwice = store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.SUBMITTED, RoundStatus.DECIDED, T0.plusSeconds(8)));
        boolean done = store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.DECIDED, RoundStatus.DONE, T0.plusSeconds(9)));
        boolean missingRound = store.write(
                tx -> tx.rounds().transition("c1", 7, RoundStatus.PLANNED, RoundStatus.SUBMITTED, T0));

        assertThat(List.of(submitted, submittedAgain, decided, decidedTwice, done, missingRound))
                .containsExactly(true, false, true, false, true, false);
        RoundRecord round = store.read(tx -> tx.rounds().find("c1", 1)).orElseThrow();
        assertThat(round.status()).isEqualTo(RoundStatus.DONE);
        assertThat(round.submittedAt()).contains(T0.plusSeconds(5));
        assertThat(round.decidedAt()).contains(T0.plusSeconds(7));
        assertThat(round.closedAt()).contains(T0.plusSeconds(9));
    }

    @Test
    void transitionRoundRefusesATransitionTheLifecycleDoesNotHave() {
        assertThatThrownBy(() -> store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.PLANNED, RoundStatus.DONE, T0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot go from PLANNED to DONE");
        assertThatThrownBy(() -> store.write(
                tx -> tx.rounds().transition("c1", 1, RoundStatus.DONE, RoundStatus.PLANNED, T0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- final outcomes ----

    @Test
    void aSecondOutcomeForATaskIsRejectedAndNothingOfThatCallIsKept() {
        store.write(tx -> {
            tx.outcomes().insert(List.of(Fixtures.outcome("c1", 3, FinalOutcome.COMPLETED)));
            return null;
        });

        assertThatThrownBy(() -> store.write(tx -> {
            tx.outcomes().insert(List.of(
                    Fixtures.outcome("c1", 1, FinalOutcome.COMPLETED),
                    Fixtures.outcome("c1", 3, FinalOutcome.FAILED)));
            return null;
        })).isInstanceOfSatisfying(DuplicateOutcomeException.class, e -> {
            assertThat(e.index()).isEqualTo(3);
            assertThat(e.chainId()).isEqualTo("c1");
            assertThat(e).hasMessageContaining("task 3 of chain c1 already has a final outcome");
        });

        assertThat(store.<List<TaskOutcomeRecord>>read(tx -> tx.outcomes().forChain("c1")))
                .containsExactly(Fixtures.outcome("c1", 3, FinalOutcome.COMPLETED));
    }

    @Test
    void twoOutcomesForOneTaskInOneCallAreRejected() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.outcomes().insert(List.of(
                    Fixtures.outcome("c1", 5, FinalOutcome.EXHAUSTED),
                    Fixtures.outcome("c1", 6, FinalOutcome.COMPLETED),
                    Fixtures.outcome("c1", 5, FinalOutcome.FAILED)));
            return null;
        })).isInstanceOfSatisfying(DuplicateOutcomeException.class, e -> assertThat(e.index()).isEqualTo(5));

        assertThat(store.<List<TaskOutcomeRecord>>read(tx -> tx.outcomes().forChain("c1"))).isEmpty();
    }

    @Test
    void theSameIndexMayHaveOneOutcomeInEachOfTwoChains() {
        Fixtures.seed(store, "c2", IndexSet.of(3));

        store.write(tx -> {
            tx.outcomes().insert(List.of(Fixtures.outcome("c1", 3, FinalOutcome.COMPLETED),
                    Fixtures.outcome("c2", 3, FinalOutcome.FAILED)));
            return null;
        });

        assertThat(store.<List<TaskOutcomeRecord>>read(tx -> tx.outcomes().forChain("c2"))).hasSize(1);
    }

    @Test
    void aSecondAttemptForTheSameTaskAndRoundIsRejected() {
        assertThatThrownBy(() -> store.write(tx -> {
            tx.attempts().insert(List.of(Fixtures.attempt("c1", 1, 1, Outcome.ESCALATE),
                    Fixtures.attempt("c1", 1, 1, Outcome.COMPLETED)));
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("UNIQUE");

        assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forChain("c1"))).isEmpty();
    }
}
