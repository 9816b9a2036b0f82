package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: tasks that Slurm requeued after a node failure run again under the same id. {@code sacct --duplicates}
 * prints both runs (sacct-D-P-requeued.txt, captured: array 4011, whose node day1 was set DOWN 3 s into its four
 * 20-second tasks; see the fixture README): the last run is the task's state, the NODE_FAIL run is kept as an earlier
 * run.
 */
class RequeuedTaskUnderDuplicatesTest {
    private static final Map<Long, IndexSet> ARRAY_4011 = Map.of(4011L, IndexSet.range(0, 3));
    private static final String CAPTURED = Fixtures.slurm2205("sacct-D-P-requeued.txt");

    private static long epoch(String localTime) {
        return LocalDateTime.parse(localTime).atZone(RoundAccountingTest.ZONE).toEpochSecond();
    }

    private static RoundAccounting fold(String text) {
        return RoundAccountingTest.fold(ARRAY_4011, SacctFormat.STANDARD, text);
    }

    /** The captured lines without those that {@code drop} matches. */
    private static String without(Predicate<String> drop) {
        return CAPTURED.lines().filter(drop.negate()).reduce("", (text, line) -> text + line + "\n");
    }

    @Test
    void theLastRunIsTheTasksStateAndTheNodeFailRunIsKept() {
        RoundAccounting accounting = fold(CAPTURED);

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.anomalyCount()).isZero();
        assertThat(accounting.rejectCount()).isZero();
        assertThat(accounting.earlierRunCount()).isEqualTo(4);
        RoundAccounting.Task task = accounting.task(4011, 2).orElseThrow();
        assertThat(task.state()).isEqualTo(JobState.COMPLETED);
        assertThat(task.nodeList()).isEqualTo("day1");
        assertThat(task.startEpochSecond()).hasValue(epoch("2026-11-30T19:07:55"));
        assertThat(task.elapsedSeconds()).hasValue(20);
        assertThat(task.earlierRuns()).singleElement().satisfies(run -> {
            assertThat(run.state()).isEqualTo(JobState.NODE_FAIL);
            assertThat(run.stateText()).isEqualTo("NODE_FAIL");
            assertThat(run.exitCode()).isEqualTo(ExitCode.SUCCESS);
            assertThat(run.elapsedSeconds()).hasValue(4);
            assertThat(run.nodeList()).isEqualTo("day1");
            assertThat(run.startEpochSecond()).hasValue(epoch("2026-11-30T19:05:14"));
            assertThat(run.endEpochSecond()).hasValue(epoch("2026-11-30T19:05:18"));
        });
    }

    @Test
    void theBatchStepAndMaxRssAreThoseOfTheCurrentRun() {
        RoundAccounting.Task task = fold(CAPTURED).task(4011, 1).orElseThrow();

        assertThat(task.batchStateText()).contains("COMPLETED");
        assertThat(task.batchExitCode()).contains(ExitCode.SUCCESS); // not the failed run's empty one
        assertThat(task.maxRssBytes()).hasValue(3252 * 1024L);
    }

    @Test
    void theCursorShowsAnEarlierRunOnlyOnTheTaskThatHadOne() {
        // Only task 2 requeued: the NODE_FAIL rows (and their steps) of the others left out.
        String onlyTask2 = without(line -> line.matches("4011_[013](\\.batch)?\\|.*")
                && line.contains("2026-11-30T19:05:18"));
        RoundAccounting.Cursor cursor = fold(onlyTask2).cursor();
        StringBuilder runs = new StringBuilder();
        while (cursor.next()) {
            runs.append(cursor.index()).append(':').append(cursor.earlierRunCount()).append(' ');
            if (cursor.earlierRunCount() > 0) {
                assertThat(cursor.earlierRuns()).extracting(RoundAccounting.EarlierRun::state)
                        .containsExactly(JobState.NODE_FAIL);
            } else {
                assertThat(cursor.earlierRuns()).isEmpty();
            }
        }
        assertThat(runs.toString()).isEqualTo("0:0 1:0 2:1 3:0 ");
    }

    @Test
    void withoutDuplicatesEachTaskHasOneRowAndNoEarlierRun() {
        // What sacct prints for the same array without --duplicates: only the last run of each task.
        String withoutDuplicates = without(line -> line.contains("|NODE_FAIL|") || line.contains("|CANCELLED|"));

        RoundAccounting accounting = fold(withoutDuplicates);

        assertThat(accounting.earlierRunCount()).isZero();
        assertThat(accounting.task(4011, 2).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(accounting.isComplete()).isTrue();
    }

    @Test
    void aRequeuedTaskThatHasNotRunAgainYetIsUnsettled() {
        // Cut the answer before the later runs (2.5 minutes passed between them on the local cluster): NODE_FAIL is
        // terminal for that run, but sacct then prints the task again as PENDING (requeued) under the same id.
        String text = CAPTURED.lines().limit(8).reduce("", (all, line) -> all + line + "\n")
                + "4011_2|fixture-requeue|day|PENDING|0:0|200M|00:01:00|00:00:00||None assigned|2026-11-30T19:05:18|"
                + "Unknown|Unknown\n";

        RoundAccounting accounting = fold(text);

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.unsettled(4011)).isEqualTo(IndexSet.of(2));
        RoundAccounting.Task task = accounting.task(4011, 2).orElseThrow();
        assertThat(task.batchStateText()).isEmpty(); // the failed run's CANCELLED step is not the pending run's
        assertThat(task.earlierRuns()).extracting(RoundAccounting.EarlierRun::state).containsExactly(JobState.NODE_FAIL);
    }
}
