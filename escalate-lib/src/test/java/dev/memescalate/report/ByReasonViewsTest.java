package dev.memescalate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.Live;
import dev.memescalate.policy.Outcome;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import dev.memescalate.view.ReportBuilder;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views of a by_reason chain name both levels of each round, and a round's resources come from its pair: tasks
 * 0 and 1 ran out of memory in round 1 and completed at (1, 0), tasks 2 and 3 timed out and completed at (0, 1).
 */
class ByReasonViewsTest {
    private static final String CHAIN = "b7ea5011";
    private static final Ladder LADDER = ConfigLoader.parse(ViewFixtures.LADDER, "ladder.yaml").ladder();
    private static final Instant NOW = ViewFixtures.T0.plusSeconds(3600);

    @TempDir
    Path dir;
    ChainStore store;

    @BeforeEach
    void seed() {
        store = ChainStore.open(dir.resolve("chains.db"));
        store.write(tx -> {
            tx.chains().insert(ViewFixtures.chain(CHAIN, "0-3", ChainStatus.RUNNING, Optional.empty(),
                    ViewFixtures.T0));
            round(tx, 1, LevelPair.lockstep(0), IndexSet.range(0, 3), OptionalInt.empty(), RoundKind.INITIAL);
            round(tx, 2, new LevelPair(1, 0), IndexSet.of(0, 1), OptionalInt.of(1), RoundKind.ESCALATE);
            round(tx, 3, new LevelPair(0, 1), IndexSet.of(2, 3), OptionalInt.of(1), RoundKind.ESCALATE);
            for (int i = 0; i <= 3; i++) {
                boolean oom = i <= 1;
                tx.attempts().insert(List.of(
                        attempt(i, 1, 0, oom ? "OUT_OF_MEMORY" : "TIMEOUT", Outcome.ESCALATE),
                        attempt(i, oom ? 2 : 3, oom ? 1 : 0, "COMPLETED", Outcome.COMPLETED)));
                tx.outcomes().insert(List.of(new TaskOutcomeRecord(CHAIN, i, FinalOutcome.COMPLETED, oom ? 2 : 3,
                        oom ? 1 : 0, "completed")));
            }
            tx.chains().updateStatus(CHAIN, ChainStatus.COMPLETED, Optional.of(NOW));
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void statusShowsBothLevelsAndEachPairsResources() {
        StatusModel m = model();

        String text = StatusText.render(m, ViewFixtures.ZONE, false);

        assertThat(text).contains("(escalation: by_reason, memory and time levels apart)");
        // Round 2: level 1's memory and partition, level 0's time; round 3: level 0's memory, level 1's time.
        assertThat(text).containsPattern("\\n\\s*2\\s+mem 1 / time 0\\s+day\\s+1G\\s+00:01:00");
        assertThat(text).containsPattern("\\n\\s*3\\s+mem 0 / time 1\\s+day\\s+256M\\s+00:01:00");
        assertThat(m.rounds().get(2).resources().partitions()).containsExactly("day");
    }

    @Test
    void taskListingAndJsonGiveTheTimeLevel() {
        StatusModel m = model();
        StringWriter listing = new StringWriter();
        StringWriter json = new StringWriter();
        store.read(tx -> {
            TaskListing l = new TaskListing(listing, 3, 10)
                    .withLevels(RoundLevels.of(m.rounds().stream().map(StatusModel.RoundLine::round).toList()))
                    .header();
            AllTasks.of(IndexSet.range(0, 3), sink -> tx.attempts().forEachTask(CHAIN, false, sink)).forEach(l::accept);
            StatusJson.write(m, ViewFixtures.ZONE, json, Optional.of(AllTasks.of(IndexSet.range(0, 3),
                    sink -> tx.attempts().forEachTask(CHAIN, false, sink))));
            return null;
        });

        assertThat(listing.toString()).contains("m1/t0", "r2/m1/t0: COMPLETED 0:0", "r3/m0/t1: COMPLETED 0:0",
                "r1/m0/t0: TIMEOUT 0:0");
        assertThat(json.toString()).contains("\"time_level\": 1").doesNotContain("\"time_level\": null");
    }

    @Test
    void theReportNamesBothLevels() {
        ChainReport r = store.read(tx -> ReportBuilder.build(tx, CHAIN, true, NOW)).orElseThrow();

        String markdown = MarkdownReport.render(List.of(r), NOW, ViewFixtures.ZONE);
        StringWriter json = new StringWriter();
        ReportJson.write(List.of(r), NOW, ViewFixtures.ZONE, json);

        assertThat(markdown).contains("| Escalation | by_reason", "| mem 1 / time 0 |", "#### Round 3 (mem 0 / time 1,"
                + " 256M, 00:01:00)");
        assertThat(json.toString()).contains("\"time_level\": 1");
        // GB-hours count each attempt's own memory: round 3's tasks at 256M, not level 1's 1G.
        assertThat(r.rounds().get(2).resources().mem().toSlurm()).isEqualTo("256M");
    }

    @Test
    void runTimeIsMeasuredAgainstTheTimeLevelsLimit() {
        // Task 2 timed out at (0, 1) too and ran 90 s at (0, 2): 75% of level 2's 2 minutes, not 150% of level 0's 1.
        store.write(tx -> {
            round(tx, 4, new LevelPair(0, 2), IndexSet.of(2), OptionalInt.of(3), RoundKind.ESCALATE);
            tx.attempts().insert(List.of(ViewFixtures.attempt(CHAIN, 2, 4, 0, "474", "COMPLETED", 0, 0, 90,
                    100L << 20, "day1", Outcome.COMPLETED, "completed", Optional.of("COMPLETED"))));
            return null;
        });

        ChainReport r = store.read(tx -> ReportBuilder.build(tx, CHAIN, true, NOW)).orElseThrow();

        Histogram elapsed = r.levels().get(0).usage().elapsed();
        assertThat(elapsed.total()).isEqualTo(7);
        assertThat(elapsed.count(Histogram.bucketOf(50))).as("the 30 s attempts under a 1-minute limit").isEqualTo(6);
        assertThat(elapsed.count(Histogram.bucketOf(75))).as("90 s of round 4's 2 minutes").isEqualTo(1);
        assertThat(elapsed.count(Histogram.BUCKETS)).as("none at 100% or over").isZero();
    }

    @Test
    void levelRowsAreMemoryLevelsWithoutOneTimeLimit() {
        // Level 0's attempts ran under level 0's and level 1's time limits (rounds 1 and 3): no one time to show.
        ChainReport r = store.read(tx -> ReportBuilder.build(tx, CHAIN, true, NOW)).orElseThrow();

        String markdown = MarkdownReport.render(List.of(r), NOW, ViewFixtures.ZONE);
        String html = HtmlReport.report(List.of(r), NOW, ViewFixtures.ZONE);

        assertThat(r.memoryLevels()).isTrue();
        assertThat(markdown).contains("| Memory level | Memory | Entered |", "| 0 | 256M | 4 | 2 | 4 | 0 |")
                .doesNotContain("| Level | Memory | Time |");
        assertThat(html).contains("<th class=\"n\">Memory level</th><th>Memory</th><th class=\"n\">Entered",
                "Memory level 0 · 256M", "Run time, % of its time limit").doesNotContain("Level 0 · 256M · 00:01:00");
    }

    @Test
    void noShorterTimeAdviceForAMemoryLevelOfSeveralTimeLimits() {
        // 20 tasks that all completed in 5 s of level 0's hour: a lockstep chain would be told to ask for less.
        String quick = "9b1c0de5";
        String config = "escalation: by_reason\n" + ViewFixtures.LADDER.replace("time: 1\n", "time: 60\n")
                .replace("time: 2\n", "time: 120\n");
        store.write(tx -> {
            tx.chains().insert(ViewFixtures.chain(quick, "0-19", ChainStatus.RUNNING, Optional.empty(),
                    ViewFixtures.T0, config));
            Instant at = ViewFixtures.T0.plusSeconds(60);
            tx.rounds().insert(new RoundRecord(quick, 1, 0, IndexSet.range(0, 19), OptionalInt.empty(),
                    RoundKind.INITIAL, RoundStatus.DONE, at, Optional.of(at.plusSeconds(1)),
                    Optional.of(at.plusSeconds(100)), Optional.of(at.plusSeconds(101)), List.of(), OptionalInt.of(0)));
            ViewFixtures.twentyQuickCompletions(tx, quick, NOW);
            return null;
        });

        ViewFixtures.assertNoShorterTimeAdvice(store.read(tx -> ReportBuilder.build(tx, quick, true, NOW))
                .orElseThrow());
    }

    private StatusModel model() {
        ChainSnapshot s = store.read(tx -> ChainSnapshot.read(tx, CHAIN)).orElseThrow();
        return StatusModel.of(s, LADDER, Live.nothingLive(NOW), Optional.empty());
    }

    private static void round(dev.memescalate.store.StoreTransaction tx, int number, LevelPair levels,
            IndexSet indices, OptionalInt parent, RoundKind kind) {
        Instant at = ViewFixtures.T0.plusSeconds(120L * (number - 1));
        tx.rounds().insert(new RoundRecord(CHAIN, number, levels.memory(), indices, parent, kind, RoundStatus.DONE, at,
                Optional.of(at.plusSeconds(1)), Optional.of(at.plusSeconds(100)), Optional.of(at.plusSeconds(101)),
                List.of(), OptionalInt.of(levels.time())));
    }

    private static AttemptRecord attempt(int index, int round, int level, String state, Outcome outcome) {
        return ViewFixtures.attempt(CHAIN, index, round, level, "47" + round, state, 0, 0, 30, 100L << 20, "day1",
                outcome, outcome == Outcome.COMPLETED ? "completed" : "state " + state + " -> escalate",
                Optional.of(state));
    }
}
