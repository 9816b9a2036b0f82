package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.indexset.IndexSet;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming fold over the real 22.05 fixtures and hand-written rows in their shape. */
class RoundAccountingTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final String TIMES = "2026-11-21T19:41:52|2026-11-21T19:41:53|2026-11-21T19:41:56";

    private static String task(String id, String state, String exit) {
        return id + "|job|day|" + state + "|" + exit + "|200M|00:01:00|00:00:03||day1|" + TIMES;
    }

    private static String step(String id, String state, String exit, String maxRss) {
        return id + "|batch||" + state + "|" + exit + "|||00:00:03|" + maxRss + "|day1|" + TIMES;
    }

    static RoundAccounting fold(Map<Long, IndexSet> expected, SacctFormat format, String text) {
        RoundAccounting.Folder folder = RoundAccounting.folder(expected, format, ZONE);
        LineSplitter.forEachLine(text, folder);
        return folder.finish();
    }

    private static RoundAccounting fold(long jobId, IndexSet expected, String... lines) {
        return fold(Map.of(jobId, expected), SacctFormat.STANDARD, String.join("\n", lines) + "\n");
    }

    private static long epoch(String localTime) {
        return LocalDateTime.parse(localTime).atZone(ZONE).toEpochSecond();
    }

    /** The fixture's rows in the columns of {@link SacctFormat#ROUND}, with AllocCPUS 2 on allocation rows, 1 on steps. */
    static String asRoundColumns(String standardText) {
        StringBuilder out = new StringBuilder();
        standardText.lines().forEach(line -> {
            String[] f = line.split("\\|", -1);
            String cpus = f[0].contains(".") ? "1" : "2";
            out.append(String.join("|", f[0], f[3], f[4], f[7], f[8], f[9], f[11], f[12], cpus)).append('\n');
        });
        return out.toString();
    }

    @Test
    void theStepsFixtureGivesEveryTerminalStateWithItsBatchStepAndMaxRss() {
        RoundAccounting accounting = fold(Map.of(134L, IndexSet.range(0, 11)), SacctFormat.STANDARD,
                Fixtures.slurm2205("sacct-P-steps-final.txt"));

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.lineCount()).isEqualTo(24);
        assertThat(accounting.anomalyCount()).isZero();
        RoundAccounting.Task oom = accounting.task(134, 3).orElseThrow();
        assertThat(oom.state()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(oom.exitCode()).isEqualTo(new ExitCode(0, 125));
        assertThat(oom.batchState()).contains(JobState.OUT_OF_MEMORY);
        assertThat(oom.maxRssBytes()).hasValue(1164 * 1024L);
        RoundAccounting.Task timeout = accounting.task(134, 6).orElseThrow();
        assertThat(timeout.state()).isEqualTo(JobState.TIMEOUT);
        assertThat(timeout.elapsedSeconds()).hasValue(62);
        assertThat(timeout.batchStateText()).contains("CANCELLED");
        assertThat(timeout.batchExitCode()).contains(new ExitCode(0, 15));
        assertThat(timeout.startEpochSecond()).hasValue(epoch("2026-11-21T19:41:56"));
        assertThat(timeout.endEpochSecond()).hasValue(epoch("2026-11-21T19:42:58"));
        RoundAccounting.Task cancelled = accounting.task(134, 7).orElseThrow();
        assertThat(cancelled.stateText()).isEqualTo("CANCELLED by 0");
        assertThat(cancelled.source()).isEqualTo(TaskRecord.Source.TASK_ROW);
        assertThat(accounting.task(134, 10).orElseThrow().nodeList()).isEqualTo("day2");
        assertThat(accounting.task(134, 10).orElseThrow().allocCpus()).isEmpty(); // STANDARD does not ask for it
    }

    @Test
    void theRoundColumnsGiveTheSameTasksAsTheStandardOnesAndAllocCpus() {
        String standard = Fixtures.slurm2205("sacct-P-steps-final.txt");
        Map<Long, IndexSet> expected = Map.of(134L, IndexSet.range(0, 11));

        RoundAccounting fromStandard = fold(expected, SacctFormat.STANDARD, standard);
        RoundAccounting fromRound = fold(expected, SacctFormat.ROUND, asRoundColumns(standard));

        for (int index = 0; index <= 11; index++) {
            RoundAccounting.Task viaRound = fromRound.task(134, index).orElseThrow();
            RoundAccounting.Task viaStandard = fromStandard.task(134, index).orElseThrow();
            assertThat(viaRound.allocCpus()).hasValue(2);
            assertThat(viaRound).usingRecursiveComparison().ignoringFields("allocCpus").isEqualTo(viaStandard);
        }
        assertThat(fromRound.isComplete()).isTrue();
    }

    @Test
    void aMultiCharacterDelimiterIsReadLikeTheParsableOne() {
        Map<Long, IndexSet> expected = Map.of(134L, IndexSet.range(0, 11));

        RoundAccounting delimited = fold(expected, SacctFormat.STANDARD.withDelimiter("^|^"),
                Fixtures.slurm2205("sacct-X-delim-final.txt"));
        RoundAccounting parsable = fold(expected, SacctFormat.STANDARD, Fixtures.slurm2205("sacct-X-P-final.txt"));

        assertThat(delimited.isComplete()).isTrue();
        for (int index = 0; index <= 11; index++) {
            assertThat(delimited.task(134, index)).isEqualTo(parsable.task(134, index));
        }
    }

    @Test
    void aPendingRangeSpeaksForItsTasksAndTheOthersAreMissing() {
        RoundAccounting accounting = fold(Map.of(134L, IndexSet.range(0, 11)), SacctFormat.STANDARD,
                Fixtures.slurm2205("sacct-X-P-running.txt"));

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.missing(134)).isEqualTo(IndexSet.range(0, 5));
        assertThat(accounting.notTerminal(134)).isEqualTo(IndexSet.range(6, 11));
        assertThat(accounting.unsettled(134)).isEqualTo(IndexSet.range(0, 11));
        assertThat(accounting.unsettledCount()).isEqualTo(12);
        RoundAccounting.Task pending = accounting.task(134, 9).orElseThrow();
        assertThat(pending.source()).isEqualTo(TaskRecord.Source.PENDING_RANGE);
        assertThat(pending.state()).isEqualTo(JobState.PENDING);
        assertThat(pending.nodeList()).isEmpty(); // None assigned
        assertThat(pending.startEpochSecond()).isEmpty(); // Unknown
        assertThat(accounting.task(134, 0)).isEmpty();
    }

    @Test
    void anArrayCancelledBeforeStartIsOnePlainRowForEveryTask() {
        RoundAccounting accounting = fold(Map.of(148L, IndexSet.range(0, 9)), SacctFormat.STANDARD,
                Fixtures.slurm2205("sacct-X-P-cancelled-before-start.txt"));

        assertThat(accounting.isComplete()).isTrue();
        RoundAccounting.Cursor cursor = accounting.cursor();
        int tasks = 0;
        while (cursor.next()) {
            tasks++;
            assertThat(cursor.source()).isEqualTo(TaskRecord.Source.WHOLE_ARRAY);
            assertThat(cursor.stateText()).isEqualTo("CANCELLED by 0");
            assertThat(cursor.nodeList()).isEmpty();
        }
        assertThat(tasks).isEqualTo(10);
    }

    @Test
    void aTaskRowWinsOverARangeNamingTheSameIndexAndOverAWholeArrayRow() {
        RoundAccounting accounting = fold(7, IndexSet.range(0, 5), task("7_[2-4]", "PENDING", "0:0"),
                task("7_3", "COMPLETED", "0:0"), task("7_[3]", "PENDING", "0:0"), task("7", "CANCELLED by 0", "0:0"));

        assertThat(accounting.task(7, 3).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(accounting.task(7, 3).orElseThrow().earlierRuns()).isEmpty();
        assertThat(accounting.task(7, 2).orElseThrow().source()).isEqualTo(TaskRecord.Source.PENDING_RANGE);
        assertThat(accounting.task(7, 5).orElseThrow().source()).isEqualTo(TaskRecord.Source.WHOLE_ARRAY);
    }

    /** Regression (SacctLiesBrieflyAfterArrayEndsTest): a plain COMPLETED row right after an array ended. */
    @Test
    void aPlainRowThatIsNotCancelledIsTheKnownLieAndCompletesNothing() {
        String lie = "103|allocation|day|COMPLETED|0:0|200M|00:01:00|00:00:03||day1|" + TIMES;

        RoundAccounting accounting = fold(103, IndexSet.range(0, 11), lie);

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.missing(103)).isEqualTo(IndexSet.range(0, 11));
        assertThat(accounting.anomalyCount()).isEqualTo(1);
        assertThat(accounting.anomalies()).singleElement().asString().contains("103", "COMPLETED", "ignored");
    }

    @Test
    void aMalformedLineIsRejectedWithItsNumberAndMakesTheAnswerIncomplete() {
        RoundAccounting accounting = fold(7, IndexSet.of(0, 1), task("7_0", "COMPLETED", "0:0"), "",
                task("7_1", "COMPLETED", "0:0"), "7_2|job|day|FAILED|1:0", task("7_1", "COMPLETED", "x:0"));

        assertThat(accounting.unsettledCount()).isZero();
        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.rejectCount()).isEqualTo(2);
        assertThat(accounting.rejects()).extracting(RejectedLine::lineNumber).containsExactly(4, 5);
        assertThat(accounting.rejects().get(0).problem()).contains("expected 13 fields", "got 5");
        assertThat(accounting.rejects().get(0).line()).isEqualTo("7_2|job|day|FAILED|1:0");
        assertThat(accounting.rejects().get(1).problem()).contains("exit code", "'x'");
    }

    @Test
    void rejectsAndAnomaliesAreCountedButOnlyAFewKept() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add(task("7_" + (100 + i), "COMPLETED", "0:0")); // not submitted in this round
            lines.add("7_" + i + "|broken");
            lines.add(task("8_" + i, "FAILED", "1:0")); // another job
        }

        RoundAccounting accounting = fold(7, IndexSet.of(0), lines.toArray(String[]::new));

        assertThat(accounting.anomalyCount()).isEqualTo(1000);
        assertThat(accounting.anomalies()).hasSize(RoundAccounting.KEPT_EXAMPLES)
                .first().asString().contains("7_100", "not submitted in this round");
        assertThat(accounting.rejectCount()).isEqualTo(1000);
        assertThat(accounting.rejects()).hasSize(RoundAccounting.KEPT_EXAMPLES);
        assertThat(accounting.otherJobRows()).isEqualTo(1000);
        assertThat(accounting.firstOtherJobRow()).contains("8_0");
    }

    @Test
    void stepRowsMayComeFirstAndTheLargestMaxRssOfAnyStepWins() {
        RoundAccounting accounting = fold(7, IndexSet.of(0), step("7_0.batch", "COMPLETED", "0:0", "1.50M"),
                step("7_0.extern", "COMPLETED", "0:0", "100K"), step("7_0.0", "COMPLETED", "0:0", "2G"),
                task("7_0", "COMPLETED", "0:0"));

        RoundAccounting.Task task = accounting.task(7, 0).orElseThrow();
        assertThat(task.maxRssBytes()).hasValue(2L * 1024 * 1024 * 1024);
        assertThat(task.batchStateText()).contains("COMPLETED");
        assertThat(accounting.isComplete()).isTrue();
    }

    @Test
    void aTaskWithOnlyAStepRowIsMissingButItsStepIsKept() {
        RoundAccounting accounting = fold(7, IndexSet.of(0), step("7_0.batch", "COMPLETED", "0:0", "4648K"));

        assertThat(accounting.missing(7)).isEqualTo(IndexSet.of(0));
        RoundAccounting.Cursor cursor = accounting.cursor(7);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.hasRow()).isFalse();
        assertThat(cursor.isTerminal()).isFalse();
        assertThat(cursor.maxRssBytes()).isEqualTo(4648 * 1024L);
        assertThatThrownBy(cursor::state).isInstanceOf(IllegalStateException.class).hasMessageContaining("7_0");
    }

    /** The case reports flag: the allocation row says COMPLETED, the batch step says it ran out of memory. */
    @Test
    void theBatchStepsOwnStateIsKeptBesideTheTasks() {
        RoundAccounting accounting = fold(7, IndexSet.of(0), task("7_0", "COMPLETED", "0:0"),
                step("7_0.batch", "OUT_OF_MEMORY", "0:125", "1164K"));

        RoundAccounting.Cursor cursor = accounting.cursor();
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.state()).isEqualTo(JobState.COMPLETED);
        assertThat(cursor.hasBatchStep()).isTrue();
        assertThat(cursor.batchState()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(cursor.batchStateText()).isEqualTo("OUT_OF_MEMORY");
        assertThat(cursor.batchExitCode()).contains(new ExitCode(0, 125));
    }

    @Test
    void theCursorWalksArraysInTheOrderGivenAndIndicesInOrder() {
        Map<Long, IndexSet> expected = new LinkedHashMap<>();
        expected.put(9L, IndexSet.of(5, 1, 3));
        expected.put(7L, IndexSet.of(0, 2, 3, 4, 10));
        String text = String.join("\n", task("7_10", "FAILED", "1:0"), task("9_3", "COMPLETED", "0:0"),
                task("7_[2-4]", "PENDING", "0:0"), task("9_1", "TIMEOUT", "0:0"), task("7_0", "COMPLETED", "0:0"));

        RoundAccounting accounting = fold(expected, SacctFormat.STANDARD, text);

        List<String> walked = new ArrayList<>();
        RoundAccounting.Cursor cursor = accounting.cursor();
        while (cursor.next()) {
            walked.add(cursor.jobId() + "_" + cursor.index() + "=" + (cursor.hasRow() ? cursor.state() : "-"));
        }
        assertThat(walked).containsExactly("9_1=TIMEOUT", "9_3=COMPLETED", "9_5=-", "7_0=COMPLETED", "7_2=PENDING",
                "7_3=PENDING", "7_4=PENDING", "7_10=FAILED");
        assertThat(accounting.unsettled(9)).isEqualTo(IndexSet.of(5));
        assertThat(accounting.unsettled(7)).isEqualTo(IndexSet.of(2, 3, 4));
        assertThat(accounting.unsettledCount()).isEqualTo(4);
        assertThat(accounting.expected().keySet()).containsExactly(9L, 7L);
        RoundAccounting.Cursor one = accounting.cursor(7);
        assertThat(one.next()).isTrue();
        assertThat(one.index()).isZero();
    }

    @Test
    void aCursorMustBeMovedOntoATaskBeforeItIsRead() {
        RoundAccounting accounting = fold(7, IndexSet.of(0), task("7_0", "COMPLETED", "0:0"));
        RoundAccounting.Cursor cursor = accounting.cursor();

        assertThatThrownBy(cursor::index).isInstanceOf(IllegalStateException.class).hasMessageContaining("next()");
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.next()).isFalse();
    }

    @Test
    void aTaskOrJobNotInTheRoundIsACallersMistake() {
        RoundAccounting accounting = fold(7, IndexSet.of(0), task("7_0", "COMPLETED", "0:0"));

        assertThatThrownBy(() -> accounting.task(7, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7_1");
        assertThatThrownBy(() -> accounting.unsettled(8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job 8");
    }

    @Test
    void aFinishedFolderTakesNoMoreLines() {
        RoundAccounting.Folder folder = RoundAccounting.folder(Map.of(7L, IndexSet.of(0)), SacctFormat.ROUND, ZONE);
        folder.finish();

        assertThatThrownBy(() -> folder.accept(Line.of("7_0|COMPLETED|0:0|||||||"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(folder::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyAnswerIsNeverComplete() {
        RoundAccounting accounting = fold(Map.of(7L, IndexSet.range(0, 2)), SacctFormat.ROUND, "");

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.missing(7)).isEqualTo(IndexSet.range(0, 2));
    }

    @Test
    void fieldsInEveryFormSacctPrintsAreRead() {
        String line = "7_0|COMPLETED|0:0|1-02:03:04.500|1.50M|day[1-2]|2026-03-29T02:30:15|2026-10-25T02:30:15|16";

        RoundAccounting.Task task = fold(Map.of(7L, IndexSet.of(0)), SacctFormat.ROUND, line).task(7, 0)
                .orElseThrow();

        assertThat(task.elapsedSeconds()).hasValue(((24 + 2) * 60 + 3) * 60 + 4);
        assertThat(task.nodeList()).isEqualTo("day[1-2]");
        assertThat(task.allocCpus()).hasValue(16);
        // 02:30 on 2026-03-29 does not exist in Berlin and 02:30 on 2026-10-25 happens twice: read as atZone does.
        assertThat(task.startEpochSecond()).hasValue(epoch("2026-03-29T02:30:15"));
        assertThat(task.endEpochSecond()).hasValue(epoch("2026-10-25T02:30:15"));
        RoundAccounting.Task step = fold(Map.of(7L, IndexSet.of(0)), SacctFormat.ROUND,
                "7_0|COMPLETED|0:0||||||\n7_0.batch|COMPLETED|0:0||1.50M|||None|").task(7, 0).orElseThrow();
        assertThat(step.maxRssBytes()).hasValue(1_572_864L);
        assertThat(step.elapsedSeconds()).isEmpty();
        assertThat(step.endEpochSecond()).isEmpty();
        assertThat(step.allocCpus()).isEmpty();
    }

    @Test
    void aJobNameContainingTheDelimiterIsRejoinedAsTheOldParserDoes() {
        String line = "7_4|a|b||c|day|FAILED|1:0|200M|00:01:00|00:00:00||day1|2026-11-21T19:41:52|"
                + "2026-11-21T19:41:54|2026-11-21T19:41:54";

        RoundAccounting accounting = fold(7, IndexSet.of(4), line);

        assertThat(accounting.rejectCount()).isZero();
        assertThat(accounting.task(7, 4).orElseThrow().exitCode()).isEqualTo(new ExitCode(1, 0));
        assertThat(accounting.task(7, 4).orElseThrow().nodeList()).isEqualTo("day1");
    }

    @Test
    void unreadableFieldsAreRejectedWithTheOldParsersMessages() {
        Map<Long, IndexSet> expected = Map.of(7L, IndexSet.of(0));
        String[] broken = {
            "7_0|COMPLETED|0:0|12:xx|||||", "7_0.batch|COMPLETED|0:0||12Q||||", "7_0|COMPLETED|0:0|||day1|2026-13-21T19:41:52||",
            "7_0|COMPLETED|0:0||||||two", "7_[5-|COMPLETED|0:0||||||", "x7_0|COMPLETED|0:0||||||", "7_0.|COMPLETED|0:0||||||"};
        String[] named = {"Elapsed", "MaxRSS", "2026-13-21T19:41:52", "AllocCPUS", "7_[5-", "x7_0", "7_0."};

        for (int i = 0; i < broken.length; i++) {
            RoundAccounting accounting = fold(expected, SacctFormat.ROUND, broken[i]);
            assertThat(accounting.rejects()).as(broken[i]).singleElement()
                    .extracting(RejectedLine::problem).asString().contains(named[i]);
        }
    }
}
