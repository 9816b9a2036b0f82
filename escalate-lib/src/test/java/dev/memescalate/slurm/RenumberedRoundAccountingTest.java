package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.Renumbering;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * sacct's rows of a renumbered array (real output: tasks 20000-20005 submitted as {@code --array=0-5%2}) are folded
 * to the tasks' real indices: the cursor, the missing and unsettled sets and the tasks all speak of 20000-20005.
 */
class RenumberedRoundAccountingTest {
    private static final long JOB = 46000019L;
    private static final IndexSet TASKS = IndexSet.range(20000, 20005);
    private static final Map<Long, Renumbering> RENUMBERED = Map.of(JOB,
            Renumbering.between(IndexSet.range(0, 5), TASKS));

    private static RoundAccounting fold(String fixture) {
        RoundAccounting.Folder folder = RoundAccounting.folder(Map.of(JOB, TASKS), RENUMBERED, SacctFormat.ROUND,
                RoundAccountingTest.ZONE);
        LineSplitter.forEachLine(Fixtures.slurm2205(fixture), folder);
        return folder.finish();
    }

    @Test
    void theFinalRowsGiveEachRealTaskItsOwnState() {
        RoundAccounting accounting = fold("sacct-D-P-renumbered-final.txt");

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.anomalyCount()).isZero();
        assertThat(accounting.task(JOB, 20004).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(accounting.task(JOB, 20004).orElseThrow().exitCode()).isEqualTo(new ExitCode(3, 0));
        assertThat(accounting.task(JOB, 20000).orElseThrow().maxRssBytes()).hasValue(4660 * 1024L);
        RoundAccounting.Cursor cursor = accounting.cursor();
        StringBuilder seen = new StringBuilder();
        while (cursor.next()) {
            seen.append(cursor.index()).append('=').append(cursor.state()).append(' ');
        }
        assertThat(seen.toString().strip()).isEqualTo("20000=COMPLETED 20001=COMPLETED 20002=COMPLETED"
                + " 20003=COMPLETED 20004=FAILED 20005=COMPLETED");
    }

    @Test
    void aPendingRangeOfArrayIndicesNamesTheRealTasks() {
        RoundAccounting accounting = fold("sacct-D-P-renumbered-pending.txt");

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.anomalyCount()).isZero();
        assertThat(accounting.notTerminal(JOB)).isEqualTo(TASKS);
        assertThat(accounting.missing(JOB).isEmpty()).isTrue();
    }

    @Test
    void withoutTheRenumberingTheRowsAreNotTheRoundsTasks() {
        RoundAccounting.Folder folder = RoundAccounting.folder(Map.of(JOB, TASKS), SacctFormat.ROUND,
                RoundAccountingTest.ZONE);
        LineSplitter.forEachLine(Fixtures.slurm2205("sacct-D-P-renumbered-final.txt"), folder);
        RoundAccounting accounting = folder.finish();
        assertThat(accounting.missing(JOB)).isEqualTo(TASKS);
        assertThat(accounting.anomalyCount()).isEqualTo(12);
    }
}
