package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskAccountingTest {
    private static final SacctParser PARSER = new SacctParser(SacctFormat.STANDARD);
    private static final String TIMES = "2026-11-21T19:41:52|2026-11-21T19:41:53|2026-11-21T19:41:56";

    private static String task(String id, String state, String exit) {
        return id + "|job|day|" + state + "|" + exit + "|200M|00:01:00|00:00:03||day1|" + TIMES;
    }

    private static String step(String id, String state, String exit, String maxRss) {
        return id + "|batch||" + state + "|" + exit + "|||00:00:03|" + maxRss + "|day1|" + TIMES;
    }

    private static TaskAccounting fold(IndexSet expected, String... lines) {
        return TaskAccounting.fold(7, expected, PARSER.parse(String.join("\n", lines) + "\n"));
    }

    @Test
    void aShortAnswerIsIncompleteAndNamesTheMissingIndices() {
        TaskAccounting accounting = fold(IndexSet.range(0, 3), task("7_0", "COMPLETED", "0:0"),
                task("7_2", "COMPLETED", "0:0"));

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.missing()).isEqualTo(IndexSet.of(1, 3));
        assertThat(accounting.notTerminal().size()).isZero();
    }

    @Test
    void anEmptyAnswerIsNeverComplete() {
        TaskAccounting accounting = TaskAccounting.fold(7, IndexSet.range(0, 2), PARSER.parse(""));

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.missing()).isEqualTo(IndexSet.range(0, 2));
    }

    @Test
    void aMalformedLineMakesTheAnswerIncompleteEvenWhenEveryTaskHasARow() {
        TaskAccounting accounting = fold(IndexSet.of(0, 1), task("7_0", "COMPLETED", "0:0"),
                task("7_1", "COMPLETED", "0:0"), "7_2|job|day|FAILED|1:0");

        assertThat(accounting.unsettled().size()).isZero();
        assertThat(accounting.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.lineNumber()).isEqualTo(3);
            assertThat(reject.problem()).contains("expected 13 fields", "got 5");
        });
        assertThat(accounting.isComplete()).isFalse();
    }

    @Test
    void runningAndUnknownStatesAreNotTerminal() {
        TaskAccounting accounting = fold(IndexSet.range(0, 2), task("7_0", "RUNNING", "0:0"),
                task("7_1", "SOMETHING_NEW", "0:0"), task("7_2", "COMPLETED", "0:0"));

        assertThat(accounting.notTerminal()).isEqualTo(IndexSet.of(0, 1));
        assertThat(accounting.task(1).orElseThrow().state()).isEqualTo(JobState.UNKNOWN);
        assertThat(accounting.isComplete()).isFalse();
    }

    @Test
    void stepRowsMayComeBeforeTheirAllocationRowAndTheLargestMaxRssWins() {
        TaskAccounting accounting = fold(IndexSet.of(0),
                step("7_0.batch", "COMPLETED", "0:0", "1.50M"),
                step("7_0.extern", "COMPLETED", "0:0", "100K"),
                step("7_0.0", "COMPLETED", "0:0", "2G"),
                task("7_0", "COMPLETED", "0:0"));

        TaskRecord record = accounting.task(0).orElseThrow();
        assertThat(record.maxRssBytes()).hasValue(2L * 1024 * 1024 * 1024);
        assertThat(record.batchStep().orElseThrow().maxRssBytes()).hasValue(1_572_864L);
        assertThat(accounting.isComplete()).isTrue();
    }

    @Test
    void aTaskWithOnlyAStepRowIsStillMissing() {
        TaskAccounting accounting = fold(IndexSet.of(0), step("7_0.batch", "COMPLETED", "0:0", "4648K"));

        assertThat(accounting.missing()).isEqualTo(IndexSet.of(0));
    }

    @Test
    void tasksCancelledBeforeStartAreOneGroupedRow() {
        TaskAccounting accounting = fold(IndexSet.range(0, 9), task("7_0", "COMPLETED", "0:0"),
                task("7_1", "FAILED", "1:0"), task("7_[2-9%2]", "CANCELLED by 0", "0:0"));

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.task(9).orElseThrow().source()).isEqualTo(TaskRecord.Source.PENDING_RANGE);
        assertThat(accounting.task(9).orElseThrow().allocation().cancelledBy()).hasValue(0);
    }

    @Test
    void aTaskRowWinsOverARangeNamingTheSameIndexAndOverAWholeArrayRow() {
        TaskAccounting accounting = fold(IndexSet.range(0, 5), task("7_[2-4]", "PENDING", "0:0"),
                task("7_3", "COMPLETED", "0:0"), task("7", "CANCELLED by 0", "0:0"));

        assertThat(accounting.task(3).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(accounting.task(2).orElseThrow().source()).isEqualTo(TaskRecord.Source.PENDING_RANGE);
        assertThat(accounting.task(5).orElseThrow().source()).isEqualTo(TaskRecord.Source.WHOLE_ARRAY);
    }

    @Test
    void rowsOfOtherJobsAndIndicesOfOtherRoundsAreIgnoredAndReported() {
        TaskAccounting accounting = fold(IndexSet.of(0), task("7_0", "COMPLETED", "0:0"),
                task("8_0", "FAILED", "1:0"), task("7_5", "FAILED", "1:0"), task("7_[0-3]", "PENDING", "0:0"));

        assertThat(accounting.tasks()).containsOnlyKeys(0);
        assertThat(accounting.task(0).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(accounting.anomalies()).hasSize(3);
    }

    /** Regression: each fold listed every row of the round's other arrays, 2.7 million lines for 10 x 10,000 tasks. */
    @Test
    void rowsOfTheOtherArraysOfARoundAreOneAnomalyNotOnePerRow() {
        List<String> lines = IntStream.range(0, 1000).mapToObj(i -> task("8_" + i, "COMPLETED", "0:0"))
                .collect(Collectors.toList());
        lines.add(task("7_0", "COMPLETED", "0:0"));

        TaskAccounting accounting = fold(IndexSet.of(0), lines.toArray(String[]::new));

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.anomalies()).singleElement().asString().contains("1000 row(s) not of job 7", "8_0");
    }

    @Test
    void aDuplicateTaskRowIsReportedAndTheLaterOneUsed() {
        TaskAccounting accounting = fold(IndexSet.of(0), task("7_0", "FAILED", "1:0"),
                task("7_0", "COMPLETED", "0:0"));

        assertThat(accounting.task(0).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(accounting.anomalies()).singleElement().asString().contains("two rows for task 7_0");
    }

    @Test
    void aHundredThousandTasksFoldIntoOneRecordEach() {
        List<String> lines = IntStream.range(0, 100_000).mapToObj(i -> task("7_" + i, "COMPLETED", "0:0"))
                .collect(Collectors.toList());

        TaskAccounting accounting = TaskAccounting.fold(7, IndexSet.range(0, 99_999),
                PARSER.parse(String.join("\n", lines)));

        assertThat(accounting.tasks()).hasSize(100_000);
        assertThat(accounting.isComplete()).isTrue();
    }
}
