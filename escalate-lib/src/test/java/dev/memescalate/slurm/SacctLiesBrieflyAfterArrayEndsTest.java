package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.indexset.IndexSet;
import org.junit.jupiter.api.Test;

/**
 * Regression: right after a short array ended, the first sacct query returned a single wrong row
 * {@code 103|allocation|COMPLETED|...} in 3 of 6 tries (SLURM-LOCAL-CLUSTER.md); the task rows appeared ~1.5 s
 * later. Read naively, that row says "every task completed".
 */
class SacctLiesBrieflyAfterArrayEndsTest {
    private static final SacctParser PARSER = new SacctParser(SacctFormat.STANDARD);
    private static final String BOGUS_ROW = "103|allocation|day|COMPLETED|0:0|200M|00:01:00|00:00:03||day1|"
            + "2026-11-21T19:41:52|2026-11-21T19:41:53|2026-11-21T19:41:56\n";

    @Test
    void aPlainCompletedRowForAnArrayIsNotEveryTaskCompleted() {
        TaskAccounting accounting = TaskAccounting.fold(103, IndexSet.range(0, 11), PARSER.parse(BOGUS_ROW));

        assertThat(accounting.isComplete()).isFalse();
        assertThat(accounting.tasks()).isEmpty();
        assertThat(accounting.missing()).isEqualTo(IndexSet.range(0, 11));
        assertThat(accounting.anomalies()).singleElement().asString().contains("103", "COMPLETED", "ignored");
    }

    @Test
    void theRealRowsOnTheNextQueryAreRead() {
        String realRows = Fixtures.slurm2205("sacct-X-P-final.txt").replace("134_", "103_");

        TaskAccounting accounting = TaskAccounting.fold(103, IndexSet.range(0, 11), PARSER.parse(realRows));

        assertThat(accounting.isComplete()).isTrue();
        assertThat(accounting.task(4).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aPlainFailedOrRunningRowIsIgnoredToo() {
        String failed = BOGUS_ROW.replace("COMPLETED|0:0", "FAILED|1:0");
        String running = BOGUS_ROW.replace("COMPLETED|0:0", "RUNNING|0:0");

        assertThat(TaskAccounting.fold(103, IndexSet.of(0), PARSER.parse(failed)).missing()).isEqualTo(IndexSet.of(0));
        assertThat(TaskAccounting.fold(103, IndexSet.of(0), PARSER.parse(running)).missing()).isEqualTo(IndexSet.of(0));
    }
}
