package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: a task that Slurm requeued after a node failure runs again under the same id. {@code sacct --duplicates}
 * prints both runs (sacct-D-P-requeued.txt, hand-made in the measured shape: see the fixture README); the last is the
 * task's state, the NODE_FAIL run is kept as an earlier run.
 */
class RequeuedTaskUnderDuplicatesTest {
    private static final Map<Long, IndexSet> ARRAY_160 = Map.of(160L, IndexSet.range(0, 3));

    private static long epoch(String localTime) {
        return LocalDateTime.parse(localTime).atZone(RoundAccountingTest.ZONE).toEpochSecond();
    }

    private static RoundAccounting fold() {
        return RoundAccountingTest.fold(ARRAY_160, SacctFormat.STANDARD, Fixtures.slurm2205("sacct-D-P-requeued.txt"));
    }

    @Test
    void theLastRunIsTheTasksStateAndTheNodeFailRunIsKept() {
        RoundAccounting accounting = fold();

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.anomalyCount()).isZero();
        assertThat(accounting.earlierRunCount()).isEqualTo(1);
        RoundAccounting.Task task = accounting.task(160, 2).orElseThrow();
        assertThat(task.state()).isEqualTo(JobState.COMPLETED);
        assertThat(task.nodeList()).isEqualTo("day1");
        assertThat(task.startEpochSecond()).hasValue(epoch("2026-11-22T10:17:09"));
        assertThat(task.earlierRuns()).singleElement().satisfies(run -> {
            assertThat(run.state()).isEqualTo(JobState.NODE_FAIL);
            assertThat(run.stateText()).isEqualTo("NODE_FAIL");
            assertThat(run.exitCode()).isEqualTo(ExitCode.SUCCESS);
            assertThat(run.elapsedSeconds()).hasValue(4);
            assertThat(run.nodeList()).isEqualTo("day2");
            assertThat(run.startEpochSecond()).hasValue(epoch("2026-11-22T10:15:03"));
            assertThat(run.endEpochSecond()).hasValue(epoch("2026-11-22T10:15:07"));
        });
    }

    @Test
    void theBatchStepAndMaxRssAreThoseOfTheCurrentRun() {
        RoundAccounting.Task task = fold().task(160, 2).orElseThrow();

        assertThat(task.batchStateText()).contains("COMPLETED");
        assertThat(task.batchExitCode()).contains(ExitCode.SUCCESS);
        assertThat(task.maxRssBytes()).hasValue(4720 * 1024L); // not the failed run's 4604K, nor the larger of both
    }

    @Test
    void theCursorShowsTheEarlierRunOnlyOnItsTask() {
        RoundAccounting.Cursor cursor = fold().cursor();
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
    void withoutDuplicatesTheSameTaskHasOneRowAndNoEarlierRun() {
        // What sacct prints for the same array without --duplicates: only the last run of task 2.
        String withoutDuplicates = Fixtures.slurm2205("sacct-D-P-requeued.txt").lines()
                .filter(line -> !line.contains("NODE_FAIL") && !line.contains("|day2|"))
                .reduce("", (text, line) -> text + line + "\n");

        RoundAccounting accounting = RoundAccountingTest.fold(ARRAY_160, SacctFormat.STANDARD, withoutDuplicates);

        assertThat(accounting.earlierRunCount()).isZero();
        assertThat(accounting.task(160, 2).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(accounting.isComplete()).isTrue();
    }

    @Test
    void aRequeuedTaskThatHasNotRunAgainYetIsUnsettled() {
        // Cut the answer before the later run: NODE_FAIL is terminal for that run, but sacct then prints the task
        // again as PENDING (requeued) under the same id.
        String text = Fixtures.slurm2205("sacct-D-P-requeued.txt").lines().limit(8)
                .reduce("", (all, line) -> all + line + "\n")
                + "160_2|fixture-requeue|day|PENDING|0:0|200M|00:01:00|00:00:00||None assigned|2026-11-22T10:15:02|"
                + "Unknown|Unknown\n";

        RoundAccounting accounting = RoundAccountingTest.fold(ARRAY_160, SacctFormat.STANDARD, text);

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.unsettled(160)).isEqualTo(IndexSet.of(2));
        RoundAccounting.Task task = accounting.task(160, 2).orElseThrow();
        assertThat(task.batchStateText()).isEmpty(); // the failed run's CANCELLED step is not the pending run's
        assertThat(task.earlierRuns()).extracting(RoundAccounting.EarlierRun::state).containsExactly(JobState.NODE_FAIL);
    }
}
