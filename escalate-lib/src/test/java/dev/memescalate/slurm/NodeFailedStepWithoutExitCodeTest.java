package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node set DOWN under a running array (captured: sacct-D-P-node-fail.txt, see the fixture README): the allocation
 * rows say {@code NODE_FAIL 0:0}, their {@code .batch} rows {@code CANCELLED} with an empty ExitCode. Measured before:
 * the handler could not read those lines, decided nothing and rescheduled itself until it gave up, and the chain
 * stalled. A step without an exit code is a readable row.
 */
class NodeFailedStepWithoutExitCodeTest {
    private static final Map<Long, IndexSet> ARRAY_3976 = Map.of(3976L, IndexSet.range(0, 3));

    private static RoundAccounting fold(String text) {
        return RoundAccountingTest.fold(ARRAY_3976, SacctFormat.STANDARD, text);
    }

    @Test
    void everyTaskIsReadNodeFailWithACancelledBatchStepWithoutAnExitCode() {
        RoundAccounting accounting = fold(Fixtures.slurm2205("sacct-D-P-node-fail.txt"));

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.anomalyCount()).isZero();
        assertThat(accounting.rejectCount()).isZero();
        for (int index = 0; index <= 3; index++) {
            RoundAccounting.Task task = accounting.task(3976, index).orElseThrow();
            assertThat(task.state()).isEqualTo(JobState.NODE_FAIL);
            assertThat(task.exitCode()).isEqualTo(ExitCode.SUCCESS);
            assertThat(task.nodeList()).isEqualTo("day1");
            assertThat(task.batchStateText()).contains("CANCELLED");
            assertThat(task.batchExitCode()).isEmpty();
        }
    }

    @Test
    void anAllocationRowWithoutAnExitCodeIsStillUnreadable() {
        String text = Fixtures.slurm2205("sacct-D-P-node-fail.txt").replaceFirst("\\|NODE_FAIL\\|0:0\\|", "|NODE_FAIL||");

        RoundAccounting accounting = fold(text);

        assertThat(accounting.rejectCount()).isEqualTo(1);
        assertThat(accounting.isComplete()).as("the task of that row has no state").isFalse();
    }
}
