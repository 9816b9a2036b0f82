package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.engine.FakeSlurm.Fails;
import dev.memescalate.engine.FakeSlurm.Prints;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingReaderTest {
    private static final String JOB = "1000";
    private static final IndexSet ALL = IndexSet.range(0, 11);
    private static final Instant SUBMITTED = Instant.parse("2026-11-21T19:41:52Z");

    private final MutableClock clock = new MutableClock(SUBMITTED.plusSeconds(70));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final FakeSlurm slurm = new FakeSlurm();

    private AccountingReader.Reading read(Duration waitLimit) {
        return new AccountingReader(slurm, clock, sleeper, waitLimit).read(Map.of(JOB, ALL), SUBMITTED);
    }

    @Test
    void asksForTheRoundsJobsSinceItsSubmissionWithSteps() {
        slurm.sacctPrints(RealSacctRows.of(JOB, ALL));

        read(Duration.ofMinutes(2));

        List<String> argv = slurm.sacctCalls().get(0);
        assertThat(argv).contains("--jobs=" + JOB, "--endtime=now", "--parsable2", "--noheader")
                .doesNotContain("-X", "--allocations");
        assertThat(argv).anySatisfy(a -> assertThat(a).startsWith("--starttime="));
    }

    @Test
    void theRealFinalAnswerIsReadAtOnce() {
        slurm.sacctPrints(RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.complete()).isTrue();
        assertThat(reading.queries()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(reading.byJob().get(JOB).task(3).orElseThrow().state()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(reading.byJob().get(JOB).task(3).orElseThrow().maxRssBytes()).hasValue(1164L * 1024);
    }

    /** Regression: sacct's brief single COMPLETED row for the whole array must not read as "every task done". */
    @Test
    void theLyingFirstAnswerIsNotTakenForSuccess() {
        slurm.sacctPrints(RealSacctRows.liesBriefly(JOB), RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.complete()).isTrue();
        assertThat(reading.byJob().get(JOB).task(4).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(sleeper.waits()).containsExactly(AccountingReader.FIRST_WAIT);
    }

    @Test
    void aShortAnswerIsAskedAgain() {
        slurm.sacctPrints(RealSacctRows.of(JOB, IndexSet.range(0, 5)), RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.complete()).isTrue();
    }

    @Test
    void aPendingRangeIsAskedAgain() {
        String running = Fixtures.slurm2205("sacct-X-P-running.txt").replace("134_", JOB + "_");
        slurm.sacctPrints(RealSacctRows.of(JOB, IndexSet.range(0, 5)) + running, RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.complete()).isTrue();
    }

    @Test
    void aFailingSacctIsAskedAgain() {
        slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()), new Fails(FakeSlurm.sacctUnreachable()),
                new Prints(RealSacctRows.of(JOB, ALL)));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(3);
        assertThat(reading.complete()).isTrue();
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpAtTheWaitLimitAndReportsIncompleteNeverSuccess() {
        slurm.sacctPrints(RealSacctRows.liesBriefly(JOB) + RealSacctRows.of(JOB, IndexSet.range(0, 10)));

        AccountingReader.Reading reading = read(Duration.ofSeconds(60));

        assertThat(reading.complete()).isFalse();
        assertThat(reading.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("1 task(s)"));
        assertThat(reading.byJob().get(JOB).task(11)).isEmpty();
        // Backoff doubles from 1 s up to 20 s, and no wait runs past the limit.
        assertThat(sleeper.waits()).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 20L);
        assertThat(sleeper.total()).isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(reading.queries()).isEqualTo(7).isEqualTo(slurm.sacctCalls().size());
    }

    @Test
    void aSacctThatNeverAnswersGivesUpWithItsError() {
        slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()));

        AccountingReader.Reading reading = read(Duration.ofSeconds(10));

        assertThat(reading.complete()).isFalse();
        assertThat(reading.byJob()).isEmpty();
        assertThat(reading.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("sacct failed",
                "Connection refused"));
    }

    /**
     * Regression: a line sacct printed that could not be parsed was ignored once every index had a terminal row;
     * TaskAccounting's contract is that the caller asks again until no line is rejected, since the unreadable line
     * may be the one that says a task failed (a later row of a requeued task).
     */
    @Test
    void anUnreadableLineIsAskedAgain() {
        String garbled = JOB + "_3|fixture-mixed|day|OUT_OF_MEM\n";
        slurm.sacctPrints(RealSacctRows.of(JOB, ALL) + garbled, RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.complete()).isTrue();
    }

    @Test
    void everyArrayOfASplitRoundMustBeSettled() {
        IndexSet first = IndexSet.range(0, 5);
        IndexSet second = IndexSet.range(6, 11);
        slurm.sacctPrints(RealSacctRows.of("1000", first),
                RealSacctRows.of("1000", first) + RealSacctRows.of("1001", second));

        AccountingReader.Reading reading = new AccountingReader(slurm, clock, sleeper, Duration.ofMinutes(2))
                .read(Map.of("1000", first, "1001", second), SUBMITTED);

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.complete()).isTrue();
        assertThat(slurm.sacctCalls().get(0)).anySatisfy(a -> assertThat(a).startsWith("--jobs=").contains("1000",
                "1001"));
    }
}
