package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts and outcomes in blocks ({@link AttemptTable}, {@link OutcomeTable}): many blocks, several rounds, input in
 * any order, and what the readers merge from them, checked against the same records sorted here.
 */
class BlockStorageTest {
    private static final int TASKS = 10_000; // about three blocks a round

    @TempDir
    Path dir;
    ChainStore store;

    @BeforeEach
    void open() {
        store = ChainStore.open(dir.resolve("chains.db"));
        store.write(tx -> {
            tx.chains().insert(Fixtures.chain("c1"));
            for (int round = 1; round <= 3; round++) {
                tx.rounds().insert(Fixtures.round("c1", round, IndexSet.range(0, TASKS - 1)));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Round 1 has every task, round 2 every third, round 3 every seventh: blocks of very different spans. */
    private static List<AttemptRecord> attempts() {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            int step = round == 1 ? 1 : round == 2 ? 3 : 7;
            for (int i = 0; i < TASKS; i += step) {
                attempts.add(Fixtures.attempt("c1", i, round, i % 5 == 0 ? Outcome.RETRY_SAME_LEVEL : Outcome.ESCALATE));
            }
        }
        return attempts;
    }

    @Test
    void attemptsInAnyOrderAreReadBackByRoundAndByTask() {
        List<AttemptRecord> attempts = attempts();
        List<AttemptRecord> shuffled = new ArrayList<>(attempts);
        Collections.shuffle(shuffled, new Random(7));
        store.write(tx -> {
            tx.attempts().insert(shuffled.subList(0, shuffled.size() / 2));
            tx.attempts().insert(shuffled.subList(shuffled.size() / 2, shuffled.size()));
            return null;
        });

        List<AttemptRecord> byRound = sorted(attempts, Comparator.comparingInt(AttemptRecord::round)
                .thenComparingInt(AttemptRecord::index));
        List<AttemptRecord> byTask = sorted(attempts, Comparator.comparingInt(AttemptRecord::index)
                .thenComparingInt(AttemptRecord::round));
        store.read(tx -> {
            assertThat(tx.attempts().forChain("c1")).containsExactlyElementsOf(byRound);
            assertThat(tx.attempts().forRound("c1", 2))
                    .containsExactlyElementsOf(byRound.stream().filter(a -> a.round() == 2).toList());
            List<AttemptRecord> read = new ArrayList<>();
            tx.attempts().forEachByTask("c1", read::add);
            assertThat(read).containsExactlyElementsOf(byTask);
            assertThat(tx.attempts().count("c1")).isEqualTo(attempts.size());
            List<StartHistoryTable.AttemptCost> costs = new ArrayList<>();
            tx.startHistory().attemptsBelow("c1", 1, 4_000, 4_020, costs::add);
            assertThat(costs).extracting(StartHistoryTable.AttemptCost::index).containsExactlyElementsOf(byTask.stream()
                    .filter(a -> a.index() >= 4_000 && a.index() <= 4_020).map(AttemptRecord::index).toList());
            return null;
        });
    }

    @Test
    void sameLevelRetriesAreCountedOverEarlierRoundsOnly() {
        store.write(tx -> {
            tx.attempts().insert(attempts());
            return null;
        });

        Map<Integer, Integer> counts = store.read(
                tx -> tx.attempts().sameLevelRetryCounts("c1", IndexSet.range(0, 30), 3));

        // Indices divisible by 5 retried in round 1, and again in round 2 when also divisible by 3.
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(0, 2, 5, 1, 10, 1, 15, 2, 20, 1, 25, 1, 30, 2));
    }

    @Test
    void aSecondAttemptInALaterCallIsRejectedAndNothingOfThatCallIsKept() {
        store.write(tx -> {
            tx.attempts().insert(attempts().stream().filter(a -> a.round() == 1).toList());
            return null;
        });

        assertThatThrownBy(() -> store.write(tx -> {
            tx.attempts().insert(List.of(Fixtures.attempt("c1", 2, 2, Outcome.ESCALATE),
                    Fixtures.attempt("c1", 9_999, 1, Outcome.COMPLETED)));
            return null;
        })).isInstanceOf(StoreException.class)
                .hasMessageContaining("task 9999 of chain c1 already has an attempt in round 1");

        assertThat(store.<Integer>read(tx -> tx.attempts().count("c1"))).isEqualTo(TASKS);
        assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forRound("c1", 2))).isEmpty();
    }

    @Test
    void attemptsEncodedOnAnotherThreadAreStoredAsTheStreamedOnesAndCheckedTheSameWay() throws Exception {
        List<AttemptRecord> attempts = attempts();
        List<AttemptRecord> shuffled = new ArrayList<>(attempts);
        Collections.shuffle(shuffled, new Random(11));
        AttemptTable.Encoded[] encoded = new AttemptTable.Encoded[1];
        Thread encoder = new Thread(() -> encoded[0] = AttemptTable.encode(shuffled));
        encoder.start();
        encoder.join();

        store.write(tx -> {
            tx.attempts().insert(encoded[0]);
            return null;
        });

        List<AttemptRecord> byRound = sorted(attempts, Comparator.comparingInt(AttemptRecord::round)
                .thenComparingInt(AttemptRecord::index));
        assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forChain("c1")))
                .containsExactlyElementsOf(byRound);
        assertThatThrownBy(() -> store.write(tx -> {
            tx.attempts().insert(AttemptTable.encode(List.of(Fixtures.attempt("c1", 7, 3, Outcome.ESCALATE))));
            return null;
        })).isInstanceOf(StoreException.class).hasMessageContaining("task 7 of chain c1 already has an attempt in round 3");
        assertThat(store.<Integer>read(tx -> tx.attempts().count("c1"))).isEqualTo(attempts.size());
        assertThatThrownBy(() -> AttemptTable.encode(List.of(Fixtures.attempt("c1", 5, 1, Outcome.ESCALATE),
                Fixtures.attempt("c1", 5, 1, Outcome.COMPLETED))))
                .isInstanceOf(StoreException.class).hasMessageContaining("task 5 of chain c1 already has an attempt");
    }

    @Test
    void outcomesWrittenAsSeveralRunsAreReadByIndexAndCountedWithoutReadingBlocks() {
        // As a handler writes them: the completed tasks by index, then the failed, then the exhausted.
        List<TaskOutcomeRecord> outcomes = new ArrayList<>();
        IntStream.range(0, TASKS).filter(i -> i % 10 != 0)
                .forEach(i -> outcomes.add(outcome(i, FinalOutcome.COMPLETED, 1)));
        IntStream.range(0, TASKS).filter(i -> i % 20 == 0)
                .forEach(i -> outcomes.add(outcome(i, FinalOutcome.FAILED, 1)));
        IntStream.range(0, TASKS).filter(i -> i % 20 == 10)
                .forEach(i -> outcomes.add(outcome(i, FinalOutcome.EXHAUSTED, 2)));
        store.write(tx -> {
            tx.outcomes().insert(outcomes);
            return null;
        });

        List<TaskOutcomeRecord> byIndex = sorted(outcomes, Comparator.comparingInt(TaskOutcomeRecord::index));
        store.read(tx -> {
            assertThat(tx.outcomes().forChain("c1")).containsExactlyElementsOf(byIndex);
            assertThat(tx.outcomes().settledIndices("c1")).isEqualTo(IndexSet.range(0, TASKS - 1));
            assertThat(tx.outcomes().counts("c1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    FinalOutcome.COMPLETED, 9_000, FinalOutcome.FAILED, 500, FinalOutcome.EXHAUSTED, 500,
                    FinalOutcome.CANCELLED, 0));
            Map<FinalOutcome, Integer> round2 = new EnumMap<>(Map.of(FinalOutcome.EXHAUSTED, 500));
            assertThat(tx.outcomes().countsByRound("c1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    1, new EnumMap<>(Map.of(FinalOutcome.COMPLETED, 9_000, FinalOutcome.FAILED, 500)), 2, round2));
            assertThat(tx.outcomes().countsOfChainsCreatedSince(Fixtures.T0.minusSeconds(1)))
                    .containsOnlyKeys("c1");
            return null;
        });

        assertThatThrownBy(() -> store.write(tx -> {
            tx.outcomes().insert(List.of(outcome(TASKS + 5, FinalOutcome.FAILED, 3), outcome(9_990,
                    FinalOutcome.CANCELLED, 3)));
            return null;
        })).isInstanceOfSatisfying(DuplicateOutcomeException.class, e -> assertThat(e.index()).isEqualTo(9_990));
        assertThat(store.<List<TaskOutcomeRecord>>read(tx -> tx.outcomes().forChain("c1"))).hasSize(TASKS);
    }

    @Test
    void eachTaskComesWithItsAttemptsInRoundOrderAndItsOutcome() {
        List<AttemptRecord> attempts = attempts();
        List<TaskOutcomeRecord> outcomes = IntStream.range(0, TASKS).filter(i -> i % 3 != 1)
                .mapToObj(i -> outcome(i, i % 7 == 0 ? FinalOutcome.COMPLETED : FinalOutcome.EXHAUSTED, 1)).toList();
        store.write(tx -> {
            tx.attempts().insert(attempts);
            tx.outcomes().insert(outcomes);
            return null;
        });

        Map<Integer, TaskOutcomeRecord> outcomeOf = outcomes.stream()
                .collect(Collectors.toMap(TaskOutcomeRecord::index, o -> o));
        Map<Integer, List<AttemptRecord>> attemptsOf = attempts.stream()
                .collect(Collectors.groupingBy(AttemptRecord::index));
        for (boolean unsuccessfulOnly : new boolean[] {false, true}) {
            List<TaskHistory> expected = new ArrayList<>();
            for (int index = 0; index < TASKS; index++) {
                Optional<TaskOutcomeRecord> outcome = Optional.ofNullable(outcomeOf.get(index));
                List<AttemptRecord> history = attemptsOf.getOrDefault(index, List.of()).stream()
                        .sorted(Comparator.comparingInt(AttemptRecord::round)).toList();
                boolean wanted = unsuccessfulOnly
                        ? outcome.isPresent() && outcome.get().outcome() != FinalOutcome.COMPLETED
                        : outcome.isPresent() || !history.isEmpty();
                if (wanted) {
                    expected.add(new TaskHistory(index, history, outcome));
                }
            }
            List<TaskHistory> read = new ArrayList<>();
            store.read(tx -> {
                tx.attempts().forEachTask("c1", unsuccessfulOnly, read::add);
                return null;
            });
            assertThat(read).as("unsuccessful only: %s", unsuccessfulOnly).containsExactlyElementsOf(expected);
        }
    }

    private static TaskOutcomeRecord outcome(int index, FinalOutcome outcome, int round) {
        return new TaskOutcomeRecord("c1", index, outcome, round, round - 1, outcome + " ü " + index % 3);
    }

    private static <T> List<T> sorted(List<T> records, Comparator<T> order) {
        List<T> sorted = new ArrayList<>(records);
        sorted.sort(order);
        return sorted;
    }
}
