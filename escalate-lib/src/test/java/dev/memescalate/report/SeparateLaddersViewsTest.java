package dev.memescalate.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.policy.Outcome;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
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
 * The report of a chain with separate ladders longer in memory (3 steps) than in time (1 step): task 0 ran out of
 * memory at (0, 0) and (1, 0) and completed at (2, 0); task 1 completed at (1, 0); task 2 timed out at (0, 0) and
 * ended EXHAUSTED (time has no step above 0). Memory levels beyond the time list's length must be labelled and
 * costed by their memory step, never looked up as a level of the other list.
 */
class SeparateLaddersViewsTest {
    private static final String CHAIN = "5e9a1a7e";
    private static final String CONFIG = """
            escalation: by_reason
            memory:
              - 256M
              - 1G
              - {mem: 4G, partitions: [week]}
            time:
              - "1:00"
            partitions: [devel, day]
            """;
    private static final Instant NOW = ViewFixtures.T0.plusSeconds(3600);

    @TempDir
    Path dir;
    ChainStore store;

    @BeforeEach
    void seed() {
        store = ChainStore.open(dir.resolve("chains.db"));
        store.write(tx -> {
            tx.chains().insert(chain(CHAIN, "0-2", CONFIG));
            round(tx, 1, new LevelPair(0, 0), IndexSet.range(0, 2), OptionalInt.empty(), RoundKind.INITIAL);
            round(tx, 2, new LevelPair(1, 0), IndexSet.of(0, 1), OptionalInt.of(1), RoundKind.ESCALATE);
            round(tx, 3, new LevelPair(2, 0), IndexSet.of(0), OptionalInt.of(2), RoundKind.ESCALATE);
            tx.attempts().insert(List.of(
                    attempt(0, 1, 0, "OUT_OF_MEMORY", Outcome.ESCALATE, 3600),
                    attempt(1, 1, 0, "OUT_OF_MEMORY", Outcome.ESCALATE, 3600),
                    attempt(2, 1, 0, "TIMEOUT", Outcome.ESCALATE, 60),
                    attempt(0, 2, 1, "OUT_OF_MEMORY", Outcome.ESCALATE, 3600),
                    attempt(1, 2, 1, "COMPLETED", Outcome.COMPLETED, 3600),
                    attempt(0, 3, 2, "COMPLETED", Outcome.COMPLETED, 3600)));
            tx.outcomes().insert(List.of(
                    new TaskOutcomeRecord(CHAIN, 0, FinalOutcome.COMPLETED, 3, 2, "completed"),
                    new TaskOutcomeRecord(CHAIN, 1, FinalOutcome.COMPLETED, 2, 1, "completed"),
                    new TaskOutcomeRecord(CHAIN, 2, FinalOutcome.EXHAUSTED, 1, 0,
                            "state TIMEOUT -> escalate at time level 0, the highest allowed")));
            tx.chains().updateStatus(CHAIN, ChainStatus.COMPLETED, Optional.of(NOW));
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChainReport report() {
        return store.read(tx -> ReportBuilder.build(tx, CHAIN, true, NOW)).orElseThrow();
    }

    @Test
    void perLevelRowsAreMemoryLevelsCostedByTheirMemoryStep() {
        ChainReport r = report();

        assertThat(r.levels()).extracting(l -> l.level().mem().toSlurm()).containsExactly("256M", "1G", "4G");
        assertThat(r.levels()).extracting(ChainReport.LevelReport::entered).containsExactly(3, 2, 1);
        // An hour at each memory step: 0.25 GB x 2 h + (60 s at 256M) at level 0, 1 GB x 2 h, 4 GB x 1 h.
        assertThat(r.levels().get(2).usage().gbHours()).isCloseTo(4.0, within(1e-9));
        assertThat(r.levels().get(1).usage().gbHours()).isCloseTo(2.0, within(1e-9));
        assertThat(r.cost().allAtTopGbHours()).as("the top memory step's 4G for each task's last attempt")
                .isCloseTo(4.0 * (1 + 1 + 60 / 3600.0), within(1e-9));
    }

    @Test
    void markdownShowsBothLaddersAndLabelsRowsByMemory() {
        String markdown = MarkdownReport.render(List.of(report()), NOW, ViewFixtures.ZONE);

        assertThat(markdown).contains("| Memory ladder | 256M → 1G → 4G (week) |", "| Time ladder | 00:01:00 |",
                "| Escalation | by_reason with separate ladders", "| Memory level | Memory | Entered |",
                "| 2 | 4G | 1 | 1 | 0 | 0 |", "| mem 2 / time 0 |");
    }

    @Test
    void jsonListsBothLadders() {
        StringWriter json = new StringWriter();
        ReportJson.write(List.of(report()), NOW, ViewFixtures.ZONE, json);

        assertThat(json.toString().replaceAll("\\s+", " ")).contains("\"memory_ladder\": [ { \"mem\": \"256M\","
                + " \"partition\": null }, { \"mem\": \"1G\", \"partition\": null }, { \"mem\": \"4G\", \"partition\":"
                + " \"week\" } ]", "\"time_ladder\": [ { \"time\": \"00:01:00\", \"partition\": null } ]");
    }

    @Test
    void htmlLabelsRowsByMemoryAndRunTimeByEachAttemptsLimit() {
        String html = HtmlReport.report(List.of(report()), NOW, ViewFixtures.ZONE);

        assertThat(html).contains("<th class=\"n\">Memory level</th><th>Memory</th><th class=\"n\">Entered",
                "Memory level 2 · 4G", "Run time, % of its time limit", "<div>memory 4G · week</div>",
                "<div>time 00:01:00</div>");
    }

    @Test
    void noShorterTimeAdviceForAMemoryLevelOfSeveralTimeLimits() {
        // 20 tasks that all completed in 5 s of round 1's hour: a ladder of levels would be told to ask for less.
        String quick = "9a1c0de5";
        store.write(tx -> {
            tx.chains().insert(chain(quick, "0-19", CONFIG.replace("\"1:00\"", "\"1:00:00\"")));
            round(tx, quick, 1, new LevelPair(0, 0), IndexSet.range(0, 19), OptionalInt.empty(), RoundKind.INITIAL);
            ViewFixtures.twentyQuickCompletions(tx, quick, NOW);
            return null;
        });

        ViewFixtures.assertNoShorterTimeAdvice(store.read(tx -> ReportBuilder.build(tx, quick, true, NOW))
                .orElseThrow());
    }

    /** A running chain of {@code config} with max level 2. */
    private static ChainRecord chain(String id, String array, String config) {
        return new ChainRecord(id, ViewFixtures.T0, ChainStatus.RUNNING, Optional.empty(), Path.of("/work/job.sh"),
                Path.of("/tracker/chains/" + id + "/job.sh"), List.of(), List.of(), array, OptionalInt.empty(),
                "job.sh", "%x-%A_%a.out", "%x-%A_%a.out", config, Optional.of(Path.of("/work/separate.yaml")), 0, 2,
                Path.of("/work"), Path.of("/tracker/chains/" + id), "login1", "alice");
    }

    private static void round(dev.memescalate.store.StoreTransaction tx, int number, LevelPair levels,
            IndexSet indices, OptionalInt parent, RoundKind kind) {
        round(tx, CHAIN, number, levels, indices, parent, kind);
    }

    private static void round(dev.memescalate.store.StoreTransaction tx, String chain, int number, LevelPair levels,
            IndexSet indices, OptionalInt parent, RoundKind kind) {
        Instant at = ViewFixtures.T0.plusSeconds(900);
        tx.rounds().insert(new RoundRecord(chain, number, levels.memory(), indices, parent, kind, RoundStatus.DONE, at,
                Optional.of(at.plusSeconds(1)), Optional.of(at.plusSeconds(100)), Optional.of(at.plusSeconds(101)),
                List.of(), OptionalInt.of(levels.time())));
    }

    private static AttemptRecord attempt(int index, int round, int level, String state, Outcome outcome,
            long elapsed) {
        return ViewFixtures.attempt(CHAIN, index, round, level, "48" + round, state, 0, 0, elapsed, 100L << 20,
                "day1", outcome, outcome == Outcome.COMPLETED ? "completed" : "state " + state + " -> escalate",
                Optional.of(state));
    }
}
