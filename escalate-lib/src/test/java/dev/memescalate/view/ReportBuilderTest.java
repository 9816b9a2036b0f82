package dev.memescalate.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.report.ChainReport;
import dev.memescalate.report.Golden;
import dev.memescalate.report.Histogram;
import dev.memescalate.report.MarkdownReport;
import dev.memescalate.report.ReportJson;
import dev.memescalate.report.SyntheticChain;
import dev.memescalate.report.ViewFixtures;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.AttemptRunRecord;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.HistoryMatch;
import dev.memescalate.store.LearnedStartRecord;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate-report's numbers for the fixed store of {@link ViewFixtures}, checked by hand, and their renderings. */
class ReportBuilderTest {
    private static final Instant NOW = ViewFixtures.T0.plusSeconds(1300);

    @TempDir
    Path dir;
    ChainStore store;

    @BeforeEach
    void seed() {
        store = ChainStore.open(dir.resolve("chains.db"));
        ViewFixtures.seed(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChainReport report(String id, boolean detailed) {
        return store.read(tx -> ReportBuilder.build(tx, id, detailed, NOW)).orElseThrow();
    }

    @Test
    void theCostOfEscalationAddsUpTheAttempts() {
        ChainReport.Cost cost = report(ViewFixtures.ENDED, false).cost();

        // Succeeded: 255 s at 256M (tasks 0-5), 42 s at 1G (6, 8), 50 s at 4G (7). Failed: 96 s at 256M, 6 s at 1G.
        assertThat(cost.gbHoursSucceeded()).isCloseTo((0.25 * 255 + 1 * 42 + 4 * 50) / 3600.0, within(1e-9));
        assertThat(cost.gbHoursFailed()).isCloseTo((0.25 * 96 + 1 * 6) / 3600.0, within(1e-9));
        assertThat(cost.coreHoursSucceeded()).isCloseTo((255 + 42 + 50) / 3600.0, within(1e-9));
        // Everything at level 2 (4G) for each task's last run time: 255 + 40 + 50 + 2 + 1 s.
        assertThat(cost.allAtTopGbHours()).isCloseTo(4 * 348 / 3600.0, within(1e-9));
        // Starting 6, 7, 8 where they succeeded skips 4 s and 3 s + 88 s at 256M and 6 s at 1G.
        assertThat(cost.startAtFinalLevelSavesGbHours()).isCloseTo((0.25 * (4 + 3 + 88) + 6) / 3600.0, within(1e-9));
        assertThat(cost.firstSucceededAt()).isEqualTo(Map.of(0, 6, 1, 2, 2, 1));
        assertThat(cost.cpusAssumed()).isZero();
    }

    @Test
    void runsSlurmRequeuedAreCountedAndCostedApartFromTheAttempts() {
        ChainReport.Cost before = report(ViewFixtures.ENDED, false).cost();
        store.write(tx -> {
            tx.attempts().insertRuns(List.of(
                    run(2, 1, 1, "NODE_FAIL", 36), run(2, 1, 2, "NODE_FAIL", 72), run(3, 1, 1, "PREEMPTED", 18),
                    run(7, 2, 1, "NODE_FAIL", 360)));
            return null;
        });

        ChainReport r = report(ViewFixtures.ENDED, false);
        ChainReport.Requeued q = r.cost().requeued();
        assertThat(q.runs()).isEqualTo(4);
        assertThat(q.tasks()).isEqualTo(3);
        assertThat(q.byState()).containsExactly(Map.entry("NODE_FAIL", 3), Map.entry("PREEMPTED", 1));
        // Rounds 1 and 2 ran at 256M and 1G; one CPU each.
        assertThat(q.gbHours()).isCloseTo((0.25 * (36 + 72 + 18) + 1 * 360) / 3600.0, within(1e-9));
        assertThat(q.coreHours()).isCloseTo((36 + 72 + 18 + 360) / 3600.0, within(1e-9));
        assertThat(r.cost().gbHours()).isCloseTo(before.gbHours() + q.gbHours(), within(1e-9));
        assertThat(r.cost().gbHoursFailed()).isEqualTo(before.gbHoursFailed());
        assertThat(MarkdownReport.render(List.of(r), NOW, ViewFixtures.ZONE))
                .contains("| runs Slurm requeued | 0.135 | 0.109 |")
                .contains("4 run(s) Slurm requeued (3 NODE_FAIL, 1 PREEMPTED) ran again under the same job id by"
                        + " themselves, in 3 attempt(s)");
        StringWriter json = new StringWriter();
        ReportJson.write(List.of(r), NOW, ViewFixtures.ZONE, json);
        assertThat(json.toString().replaceAll("\\s", ""))
                .contains("\"requeued\":{\"runs\":4,\"attempts\":3,")
                .contains("\"by_state\":{\"NODE_FAIL\":3,\"PREEMPTED\":1}");
        assertThat(report(ViewFixtures.RUNNING, false).cost().requeued()).isEqualTo(ChainReport.Requeued.NONE);
    }

    private static AttemptRunRecord run(int index, int round, int run, String state, long seconds) {
        return new AttemptRunRecord(ViewFixtures.ENDED, index, round, run, state, state, 0, 0,
                OptionalLong.of(seconds), Optional.of("node1"), Optional.empty(), Optional.empty());
    }

    @Test
    void theFunnelTheFailedTasksAndTheFlags() {
        ChainReport r = report(ViewFixtures.ENDED, false);

        assertThat(r.levels()).extracting(ChainReport.LevelReport::entered).containsExactly(10, 3, 1);
        assertThat(r.levels()).extracting(ChainReport.LevelReport::succeeded).containsExactly(6, 2, 1);
        assertThat(r.levels()).extracting(ChainReport.LevelReport::escalated).containsExactly(3, 1, 0);
        assertThat(r.levels()).extracting(ChainReport.LevelReport::failed).containsExactly(1, 0, 0);
        assertThat(r.failed().total()).isEqualTo(1);
        assertThat(r.failed().byReason()).isEqualTo(Map.of("code error", 1));
        assertThat(r.failed().rows()).singleElement().satisfies(row -> {
            assertThat(row.task()).isEqualTo(9);
            assertThat(row.exitCode()).isEqualTo("2:0");
        });
        assertThat(r.flags()).singleElement().satisfies(f -> {
            assertThat(f.what()).contains("OUT_OF_MEMORY");
            assertThat(f.tasks()).containsExactly(7);
        });
        assertThat(r.rounds()).extracting(ChainReport.RoundReport::outOfMemory).containsExactly(2, 1, 0);
        assertThat(r.rounds()).extracting(ChainReport.RoundReport::timeout).containsExactly(1, 0, 0);
    }

    @Test
    void detailedRoundsGiveRunTimesMaxRssAndNodes() {
        ChainReport.RoundDetail d = report(ViewFixtures.ENDED, true).rounds().get(0).detail().orElseThrow();

        assertThat(d.elapsedSeconds().count()).isEqualTo(10);
        assertThat(d.elapsedSeconds().min()).isEqualTo(1);
        assertThat(d.elapsedSeconds().max()).isEqualTo(88);
        assertThat(d.elapsedSeconds().median()).isEqualTo((35 + 40) / 2.0); // 1 3 4 30 35 | 40 45 50 55 88
        assertThat(d.underHalf()).isEqualTo(4); // under 128 MB: 100 and 120 MB, task 8's 10 MB, task 9's 5 MB
        assertThat(d.topNodes()).containsExactly(Map.entry("day1", 5), Map.entry("day2", 5));
        assertThat(d.states()).containsEntry("COMPLETED", 6).containsEntry("OUT_OF_MEMORY", 2);
    }

    @Test
    void perLevelHistogramsOfMaxRssAndRunTime() {
        ChainReport r = report(ViewFixtures.ENDED, false);
        ChainReport.Usage level0 = r.levels().get(0).usage();

        // MaxRSS of 256M: tasks 0-5 100..200 MB (39% 47% 55% 62% 70% 78%), 6 and 7 250 and 255 MB (98%, 99.6%),
        // 8 10 MB (3.9%), 9 5 MB (2%).
        Histogram rss = level0.maxRss();
        assertThat(rss.total()).isEqualTo(10);
        assertThat(rss.completed().get(7)).isEqualTo(1);
        assertThat(rss.completed().get(15)).isEqualTo(1);
        assertThat(rss.other().get(19)).isEqualTo(2);
        assertThat(rss.other().get(0)).isEqualTo(2);
        assertThat(rss.completedTotal()).isEqualTo(6);
        // Run time of 1 minute: task 8 timed out after 88 s, in the last bucket.
        Histogram elapsed = level0.elapsed();
        assertThat(elapsed.other().get(Histogram.BUCKETS)).isEqualTo(1);
        assertThat(elapsed.countUnder(100)).isEqualTo(9);
        assertThat(level0.gbHours()).isCloseTo(0.25 * (255 + 96) / 3600.0, within(1e-9));
        assertThat(level0.escalatedGbHours()).isCloseTo(0.25 * (4 + 3 + 88) / 3600.0, within(1e-9));
        assertThat(r.levels().get(2).usage().maxRss().completed().get(7)).as("1500 MB of 4G: 36.6%%").isEqualTo(1);
    }

    @Test
    void theTimelineOfTheRoundsAndTheEscalationLatency() {
        List<ChainReport.RoundReport> rounds = report(ViewFixtures.ENDED, false).rounds();
        ChainReport.Timing first = rounds.get(0).timing();
        ChainReport.Timing second = rounds.get(1).timing();

        // Round 1 submitted at +1 s; tasks start at +3..+5 s; task 8 (start +5) ran 88 s; decided at +110 s.
        assertThat(first.queued()).contains(java.time.Duration.ofSeconds(2));
        assertThat(first.running()).contains(java.time.Duration.ofSeconds(90));
        assertThat(first.handlerGap()).contains(java.time.Duration.ofSeconds(17));
        assertThat(first.latency()).isEmpty();
        assertThat(first.jobs()).singleElement().satisfies(j -> {
            assertThat(j.jobId()).isEqualTo("4711");
            assertThat(j.attempts()).isEqualTo(10);
        });
        // Round 2's first task started at +123 s, 30 s after round 1's last ended.
        assertThat(second.latency()).contains(java.time.Duration.ofSeconds(30));
    }

    @Test
    void aLargeChainGetsRecommendationsFromItsData() {
        SyntheticChain.seed(store, "5ca1ab1e", 2000, 7);
        ChainReport r = report("5ca1ab1e", false);

        assertThat(r.recommendations()).extracting(ChainReport.Recommendation::kind).contains("lower_memory");
        ChainReport.Recommendation lower = r.recommendations().stream()
                .filter(rec -> rec.kind().equals("lower_memory")).findFirst().orElseThrow();
        assertThat(lower.level()).isZero();
        assertThat(lower.text()).contains("attempts at level 0 peaked under").contains("level 0 could ask");
        assertThat(lower.savesGbHours()).isPositive();
        assertThat(r.levels().get(0).usage().maxRss().total()).isEqualTo(2000);
        ChainReport capped = store.read(tx -> ReportBuilder.build(tx, "5ca1ab1e", false, NOW, 3)).orElseThrow();
        assertThat(capped.failed().rows()).hasSize(3);
        assertThat(capped.failed().leftOut()).isEqualTo(r.failed().total() - 3).isPositive();
    }

    @Test
    void markdownAndJson() {
        List<ChainReport> reports = List.of(report(ViewFixtures.ENDED, true));
        Golden.assertMatches("report-ended.md", MarkdownReport.render(reports, NOW, ViewFixtures.ZONE));
        StringWriter json = new StringWriter();
        ReportJson.write(reports, NOW, ViewFixtures.ZONE, json);
        Golden.assertMatches("report-ended.json", json.toString());
    }

    @Test
    void aReportOfARunningChainSaysWhatIsStillOpen() {
        String md = MarkdownReport.render(List.of(report(ViewFixtures.RUNNING, false)), NOW, ViewFixtures.ZONE);
        assertThat(md).contains("**10** of 20 tasks completed. **10** still running or waiting.")
                .contains("| Ended | (still running) |");
        // Round 2 (level 1) runs: its 10 tasks have no attempt recorded yet, and are counted apart.
        ChainReport r = report(ViewFixtures.RUNNING, false);
        assertThat(r.levels()).extracting(ChainReport.LevelReport::inProgress).containsExactly(0, 10, 0);
        assertThat(r.levels()).extracting(ChainReport.LevelReport::entered).containsExactly(20, 0, 0);
    }

    @Test
    void aLearnedStartSavesWhatItsTasksSpentBelowTheirStartInTheChainLearnedFrom() {
        // The running chain started 6 and 8 at level 1 and 7 at level 2, where they completed in the ended chain.
        store.write(tx -> {
            tx.startHistory().insert(new LearnedStartRecord(ViewFixtures.RUNNING, 0, Optional.empty(),
                    HistoryMatch.NONE, false, IndexSet.of(0, 1, 2)));
            tx.startHistory().insert(new LearnedStartRecord(ViewFixtures.RUNNING, 1, Optional.of(ViewFixtures.ENDED),
                    HistoryMatch.CONTENT, false, IndexSet.of(6, 8)));
            tx.startHistory().insert(new LearnedStartRecord(ViewFixtures.RUNNING, 2, Optional.of(ViewFixtures.ENDED),
                    HistoryMatch.CONTENT, false, IndexSet.of(7)));
            return null;
        });

        ChainReport r = report(ViewFixtures.RUNNING, false);
        ChainReport.LearnedStart l = r.learnedStart().orElseThrow();
        assertThat(l.tasksByLevel()).containsExactly(Map.entry(0, 3), Map.entry(1, 2), Map.entry(2, 1));
        assertThat(l.learnedTasks()).isEqualTo(3);
        // What 6, 7, 8 spent below their start in the ended chain: 4 s, 3 s + 88 s at 256M and 6 s at 1G.
        assertThat(l.savedGbHours()).isCloseTo((0.25 * (4 + 3 + 88) + 6) / 3600.0, within(1e-9));
        assertThat(l.savedRounds()).isEqualTo(2);
        assertThat(l.sourceChains()).containsExactly(ViewFixtures.ENDED);
        assertThat(report(ViewFixtures.ENDED, false).learnedStart()).isEmpty();

        List<ChainReport> reports = List.of(r);
        assertThat(MarkdownReport.render(reports, NOW, ViewFixtures.ZONE)).contains("- The learned start level"
                + " (`--start-level=auto`) started 3 at level 0, 2 at level 1, 1 at level 2: 3 task(s) above level 0,"
                + " where they last completed (in chain " + ViewFixtures.ENDED + "). Against starting every task at"
                + " level 0 it saved **0.00826 GB-h** (what those tasks spent below their start level then) and **2**"
                + " escalation round(s).");
        StringWriter json = new StringWriter();
        ReportJson.write(reports, NOW, ViewFixtures.ZONE, json);
        assertThat(json.toString()).containsIgnoringWhitespaces("\"learned_start\": {\"tasks_by_start_level\": {\"0\": 3,"
                + " \"1\": 2, \"2\": 1}, \"learned_tasks\": 3, \"saved_gb_hours\": ");
        assertThat(json.toString()).containsIgnoringWhitespaces("\"saved_rounds\": 2, \"source_chains\": [\""
                + ViewFixtures.ENDED + "\"]}");
        assertThat(HtmlReport.report(reports, NOW, ViewFixtures.ZONE)).contains("<li data-metric=\"learned-start\">"
                + "The learned start level (--start-level=auto) started 3 at level 0, 2 at level 1, 1 at level 2: 3"
                + " task(s) above level 0, where they last completed. Against starting every task at level 0 it saved"
                + " <strong>");
    }
}
