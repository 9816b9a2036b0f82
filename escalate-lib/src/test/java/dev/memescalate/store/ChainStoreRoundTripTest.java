package dev.memescalate.store;

import static dev.memescalate.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStoreRoundTripTest {
    @TempDir
    Path dir;

    ChainStore store;

    @BeforeEach
    void open() {
        // A path with a space and a unicode character: tracker directories are user-chosen.
        store = ChainStore.open(dir.resolve("tracker dir ü/chains.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void chainRoundTripsEveryFieldIncludingAwkwardArguments() {
        ChainRecord chain = Fixtures.chain("a1b2c3d4");
        store.write(tx -> {
            tx.chains().insert(chain);
            return null;
        });

        ChainRecord loaded = store.read(tx -> tx.chains().find("a1b2c3d4")).orElseThrow();

        assertThat(loaded).isEqualTo(chain);
        assertThat(loaded.args()).containsExactlyElementsOf(Fixtures.AWKWARD_STRINGS);
        assertThat(store.<Optional<ChainRecord>>read(tx -> tx.chains().find("nope"))).isEmpty();
    }

    @Test
    void chainWithoutOptionalFieldsRoundTrips() {
        ChainRecord full = Fixtures.chain("00000001");
        ChainRecord bare = new ChainRecord(full.id(), full.createdAt(), full.status(), Optional.empty(),
                full.scriptPath(), full.scriptSnapshotPath(), List.of(), List.of(), "5", OptionalInt.empty(),
                full.jobName(), full.outputPattern(), full.errorPattern(), "", Optional.empty(), 2, 2,
                full.workDir(), full.chainDir(), full.submitHost(), full.user());
        store.write(tx -> {
            tx.chains().insert(bare);
            return null;
        });

        assertThat(store.<List<ChainRecord>>read(tx -> tx.chains().all())).containsExactly(bare);
    }

    @Test
    void chainStatusUpdateKeepsEndTimeWhenNoneGiven() {
        Fixtures.seed(store, "c1", IndexSet.of(1));
        Instant end = T0.plusSeconds(3600);

        store.write(tx -> {
            tx.chains().updateStatus("c1", ChainStatus.RUNNING, Optional.empty());
            tx.chains().updateStatus("c1", ChainStatus.COMPLETED, Optional.of(end));
            tx.chains().updateStatus("c1", ChainStatus.COMPLETED_WITH_FAILURES, Optional.empty());
            return null;
        });

        ChainRecord loaded = store.read(tx -> tx.chains().find("c1")).orElseThrow();
        assertThat(loaded.status()).isEqualTo(ChainStatus.COMPLETED_WITH_FAILURES);
        assertThat(loaded.endedAt()).contains(end);
    }

    @Test
    void roundsRoundTripAndNumberOnFromTheHighest() {
        store.write(tx -> {
            tx.chains().insert(Fixtures.chain("c1"));
            assertThat(tx.rounds().nextNumber("c1")).isEqualTo(1);
            tx.rounds().insert(Fixtures.round("c1", 1, IndexSet.range(0, 99)));
            tx.rounds().insert(new RoundRecord("c1", 2, 1, IndexSet.of(3, 5, 6, 7, 50), OptionalInt.of(1),
                    RoundKind.RETRY, RoundStatus.DECIDED, T0, Optional.of(T0.plusSeconds(1)),
                    Optional.of(T0.plusSeconds(2)), Optional.empty(), List.of("node-1", "node 2")));
            return null;
        });

        List<RoundRecord> rounds = store.read(tx -> tx.rounds().forChain("c1"));

        assertThat(rounds).extracting(RoundRecord::number).containsExactly(1, 2);
        assertThat(rounds.get(0)).isEqualTo(Fixtures.round("c1", 1, IndexSet.range(0, 99)));
        assertThat(rounds.get(1).indices()).isEqualTo(IndexSet.of(3, 5, 6, 7, 50));
        assertThat(rounds.get(1).excludeNodes()).containsExactly("node-1", "node 2");
        assertThat(store.<Optional<RoundRecord>>read(tx -> tx.rounds().find("c1", 2))).contains(rounds.get(1));
        assertThat(store.<Integer>read(tx -> tx.rounds().nextNumber("c1"))).isEqualTo(3);
        assertThat(store.<Optional<RoundRecord>>read(tx -> tx.rounds().find("c1", 9))).isEmpty();
    }

    @Test
    void emptyIndexSetRoundTrips() {
        Fixtures.seed(store, "c1", IndexSet.empty());

        assertThat(store.<Optional<RoundRecord>>read(tx -> tx.rounds().find("c1", 1)).orElseThrow().indices()).isEqualTo(IndexSet.empty());
    }

    @Test
    void jobsRoundTripWithAndWithoutIndices() {
        Fixtures.seed(store, "c1", IndexSet.range(0, 9));
        JobRecord array = Fixtures.arrayJob("c1", 1, 0);
        JobRecord handler = new JobRecord(new JobKey("c1", 1, JobRole.HANDLER, 0), "my job-handler",
                List.of("sbatch", "--dependency=afterany:1234"), Optional.empty(), Optional.empty(),
                JobStatus.SUBMITTED, Optional.of("1235"), Optional.of("login01:99"), Optional.of(T0), T0,
                Optional.of(T0.plusSeconds(1)), Optional.of("sbatch: error: first try failed"));
        store.write(tx -> {
            tx.jobs().insert(handler);
            tx.jobs().insert(array);
            return null;
        });

        assertThat(store.<List<JobRecord>>read(tx -> tx.jobs().forChain("c1"))).containsExactly(array, handler);
        assertThat(store.<List<JobRecord>>read(tx -> tx.jobs().forRound("c1", 1))).containsExactly(array, handler);
        assertThat(store.<List<JobRecord>>read(tx -> tx.jobs().forRound("c1", 2))).isEmpty();
        assertThat(store.<Optional<JobRecord>>read(tx -> tx.jobs().find(handler.key()))).contains(handler);
        assertThat(store.<Optional<JobRecord>>read(tx -> tx.jobs().bySlurmJobId("1235"))).contains(handler);
        assertThat(store.<Optional<JobRecord>>read(tx -> tx.jobs().bySlurmJobId("9999"))).isEmpty();
    }

    @Test
    void attemptsRoundTripWithAndWithoutOptionalFields() {
        Fixtures.seed(store, "c1", IndexSet.range(0, 9));
        AttemptRecord full = Fixtures.attempt("c1", 4, 1, Outcome.ESCALATE);
        AttemptRecord sparse = new AttemptRecord("c1", 2, 1, 0, "1234_2", "NODE_FAIL", "NODE_FAIL", 0, 0,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), Outcome.RETRY_SAME_LEVEL, "node died");
        store.write(tx -> {
            tx.attempts().insert(List.of(full, sparse));
            return null;
        });

        assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forChain("c1"))).containsExactly(sparse, full);
        assertThat(store.<List<AttemptRecord>>read(tx -> tx.attempts().forRound("c1", 1))).containsExactly(sparse, full);
    }

    @Test
    void outcomesRoundTripAndAreCounted() {
        Fixtures.seed(store, "c1", IndexSet.range(0, 9));
        List<TaskOutcomeRecord> outcomes = List.of(
                Fixtures.outcome("c1", 0, FinalOutcome.COMPLETED),
                Fixtures.outcome("c1", 1, FinalOutcome.COMPLETED),
                Fixtures.outcome("c1", 7, FinalOutcome.EXHAUSTED));
        store.write(tx -> {
            tx.outcomes().insert(outcomes);
            return null;
        });

        assertThat(store.<List<TaskOutcomeRecord>>read(tx -> tx.outcomes().forChain("c1"))).containsExactlyElementsOf(outcomes);
        assertThat(store.<java.util.Map<FinalOutcome, Integer>>read(tx -> tx.outcomes().counts("c1"))).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                FinalOutcome.COMPLETED, 2, FinalOutcome.FAILED, 0, FinalOutcome.EXHAUSTED, 1, FinalOutcome.CANCELLED, 0));
    }

    @Test
    void eventsComeBackInAppendOrder() {
        Fixtures.seed(store, "c1", IndexSet.of(1));
        store.write(tx -> {
            tx.events().append("c1", OptionalInt.empty(), "created", "chain created", T0);
            tx.events().append("c1", OptionalInt.of(1), "submitted", "array 1234, handler 1235\nwith \"quotes\"",
                    T0.plusSeconds(1));
            return null;
        });

        List<EventRecord> events = store.read(tx -> tx.events().forChain("c1"));

        assertThat(events).extracting(EventRecord::kind).containsExactly("created", "submitted");
        assertThat(events.get(0).id()).isLessThan(events.get(1).id());
        assertThat(events.get(1).round()).hasValue(1);
        assertThat(events.get(1).message()).isEqualTo("array 1234, handler 1235\nwith \"quotes\"");
        assertThat(events.get(1).at()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void sameLevelRetryCountsOnlyCountEarlierRetryAttemptsOfTheGivenIndices() {
        store.write(tx -> {
            tx.chains().insert(Fixtures.chain("c1"));
            for (int round = 1; round <= 4; round++) {
                tx.rounds().insert(Fixtures.round("c1", round, IndexSet.range(0, 9)));
            }
            tx.attempts().insert(List.of(
                    Fixtures.attempt("c1", 1, 1, Outcome.RETRY_SAME_LEVEL),
                    Fixtures.attempt("c1", 1, 2, Outcome.RETRY_SAME_LEVEL),
                    Fixtures.attempt("c1", 1, 3, Outcome.RETRY_SAME_LEVEL),
                    Fixtures.attempt("c1", 2, 1, Outcome.ESCALATE),
                    Fixtures.attempt("c1", 3, 1, Outcome.RETRY_SAME_LEVEL),
                    Fixtures.attempt("c1", 5, 1, Outcome.RETRY_SAME_LEVEL)));
            return null;
        });

        var counts = store.read(tx -> tx.attempts().sameLevelRetryCounts("c1", IndexSet.of(1, 2, 3), 3));

        assertThat(counts).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(1, 2, 3, 1));
    }

    @Test
    void reopeningAnExistingStoreKeepsItsContents() {
        Fixtures.seed(store, "c1", IndexSet.of(1, 2));
        store.close();

        store = ChainStore.open(dir.resolve("tracker dir ü/chains.db"));

        assertThat(store.<List<ChainRecord>>read(tx -> tx.chains().all())).extracting(ChainRecord::id).containsExactly("c1");
    }
}
