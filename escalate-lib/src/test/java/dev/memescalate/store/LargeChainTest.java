package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million-task array: the round, its attempts and its outcomes must store and load (functional checks only; the
 * durations printed here are for the record, not asserted).
 */
class LargeChainTest {
    private static final int MILLION = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aMillionIndexRoundIsStoredAndLoaded() {
        // Every third index missing: 666,667 indices in 333,334 runs, a worst case for the run-length text.
        IndexSet scattered = IndexSet.of(IntStream.range(0, MILLION * 3 / 2).filter(i -> i % 3 != 2).toArray());
        IndexSet contiguous = IndexSet.range(0, MILLION - 1);
        try (ChainStore store = ChainStore.open(dir.resolve("chains.db"))) {
            long start = System.nanoTime();
            store.write(tx -> {
                tx.chains().insert(Fixtures.chain("big"));
                tx.rounds().insert(Fixtures.round("big", 1, contiguous));
                tx.rounds().insert(Fixtures.round("big", 2, scattered));
                tx.jobs().insert(new JobRecord(new JobKey("big", 2, JobRole.ARRAY, 0), "j", List.of("sbatch"),
                        Optional.of(scattered), Optional.of("x"), JobStatus.INTENDED, Optional.empty(),
                        Optional.empty(), Optional.empty(), Fixtures.T0, Optional.empty(), Optional.empty()));
                return null;
            });
            long stored = System.nanoTime();
            List<RoundRecord> rounds = store.read(tx -> tx.rounds().forChain("big"));
            IndexSet jobIndices = store.read(tx -> tx.jobs().forChain("big").get(0).indices().orElseThrow());
            long loaded = System.nanoTime();

            assertThat(rounds.get(0).indices()).isEqualTo(contiguous);
            assertThat(rounds.get(1).indices()).isEqualTo(scattered);
            assertThat(rounds.get(1).indices().size()).isEqualTo(1_000_000);
            assertThat(jobIndices).isEqualTo(scattered);
            report("store 1M-index rounds (contiguous + scattered) and a job", stored - start);
            report("load them", loaded - stored);
        }
    }

    @Test
    void aHundredThousandAttemptsAndOutcomesAreInsertedAndReadBack() {
        int count = 100_000;
        try (ChainStore store = ChainStore.open(dir.resolve("chains.db"))) {
            Fixtures.seed(store, "big", IndexSet.range(0, count - 1));
            List<AttemptRecord> attempts = new ArrayList<>(count);
            List<TaskOutcomeRecord> outcomes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                boolean retried = i % 10 == 0;
                attempts.add(Fixtures.attempt("big", i, 1, retried ? Outcome.RETRY_SAME_LEVEL : Outcome.COMPLETED));
                if (!retried) {
                    outcomes.add(Fixtures.outcome("big", i, FinalOutcome.COMPLETED));
                }
            }

            long start = System.nanoTime();
            store.write(tx -> {
                tx.attempts().insert(attempts);
                return null;
            });
            long attemptsStored = System.nanoTime();
            store.write(tx -> {
                tx.outcomes().insert(outcomes);
                return null;
            });
            long outcomesStored = System.nanoTime();
            List<AttemptRecord> loaded = store.read(tx -> tx.attempts().forRound("big", 1));
            long attemptsLoaded = System.nanoTime();
            Map<Integer, Integer> retries =
                    store.read(tx -> tx.attempts().sameLevelRetryCounts("big", IndexSet.range(0, count - 1), 2));
            Map<FinalOutcome, Integer> counts = store.read(tx -> tx.outcomes().counts("big"));
            long countsRead = System.nanoTime();

            assertThat(loaded).isEqualTo(attempts);
            assertThat(retries).hasSize(count / 10).containsEntry(0, 1).doesNotContainKey(1);
            assertThat(counts).containsEntry(FinalOutcome.COMPLETED, count - count / 10);
            report("insert 100k attempts", attemptsStored - start);
            report("insert 90k outcomes", outcomesStored - attemptsStored);
            report("read 100k attempts", attemptsLoaded - outcomesStored);
            report("retry counts + outcome counts", countsRead - attemptsLoaded);
        }
    }

    private static void report(String what, long nanos) {
        System.out.printf("[store figures] %s: %d ms%n", what, nanos / 1_000_000);
    }
}
