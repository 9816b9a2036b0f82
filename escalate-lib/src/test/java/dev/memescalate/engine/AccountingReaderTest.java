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
        return new AccountingReader(slurm, clock, sleeper, waitLimit, EngineHarness.SACCT_ZONE)
                .read(Map.of(JOB, ALL), SUBMITTED);
    }

    @Test
    void asksForTheRoundsJobsSinceItsSubmissionWithSteps() {
        slurm.sacctPrints(RealSacctRows.of(JOB, ALL));

        read(Duration.ofMinutes(2));

        List<String> argv = slurm.sacctCalls().get(0);
        assertThat(argv).contains("--jobs=" + JOB, "--endtime=now", "--parsable2", "--noheader", "--duplicates",
                "--format=JobID,State,ExitCode,Elapsed,MaxRSS,NodeList,Start,End,AllocCPUS")
                .doesNotContain("-X", "--allocations");
        assertThat(argv).anySatisfy(a -> assertThat(a).startsWith("--starttime="));
    }

    @Test
    void theRealFinalAnswerIsReadAtOnce() {
        slurm.sacctPrints(RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
        assertThat(reading.queries()).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(task(reading, 3).state()).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(task(reading, 3).maxRssBytes()).hasValue(1164L * 1024);
    }

    /** Regression: sacct's brief single COMPLETED row for the whole array must not read as "every task done". */
    @Test
    void theLyingFirstAnswerIsNotTakenForSuccess() {
        slurm.sacctPrints(RealSacctRows.liesBriefly(JOB), RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
        assertThat(task(reading, 4).state()).isEqualTo(JobState.FAILED);
        assertThat(sleeper.waits()).containsExactly(AccountingReader.FIRST_WAIT);
    }

    @Test
    void aShortAnswerIsAskedAgain() {
        slurm.sacctPrints(RealSacctRows.of(JOB, IndexSet.range(0, 5)), RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
    }

    @Test
    void aPendingRangeIsAskedAgain() {
        String running = Fixtures.slurm2205("sacct-X-P-running.txt").replace("134_", JOB + "_");
        slurm.sacctPrints(RealSacctRows.of(JOB, IndexSet.range(0, 5)) + running, RealSacctRows.of(JOB, ALL));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
    }

    @Test
    void aFailingSacctIsAskedAgain() {
        slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()), new Fails(FakeSlurm.sacctUnreachable()),
                new Prints(RealSacctRows.of(JOB, ALL)));

        AccountingReader.Reading reading = read(Duration.ofMinutes(2));

        assertThat(reading.queries()).isEqualTo(3);
        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpAtTheWaitLimitWithTheTasksSacctNeverShowedMissingNeverSuccess() {
        slurm.sacctPrints(RealSacctRows.liesBriefly(JOB) + RealSacctRows.of(JOB, IndexSet.range(0, 10)));

        AccountingReader.Reading reading = read(Duration.ofSeconds(60));

        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.MISSING_ROWS);
        assertThat(reading.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("1 task(s)"));
        assertThat(reading.accounting().orElseThrow().missing(1000L).toArray()).containsExactly(11);
        // Backoff doubles from 1 s up to 20 s, and no wait runs past the limit.
        assertThat(sleeper.waits()).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 20L);
        assertThat(sleeper.total()).isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(reading.queries()).isEqualTo(7).isEqualTo(slurm.sacctCalls().size());
    }

    @Test
    void aSacctThatNeverAnswersGivesUpWithItsError() {
        slurm.sacctAnswers(new Fails(FakeSlurm.sacctUnreachable()));

        AccountingReader.Reading reading = read(Duration.ofSeconds(10));

        assertThat(reading.verdict()).as("nothing may be decided").isEqualTo(AccountingReader.Verdict.NO_ANSWER);
        assertThat(reading.decidable()).isFalse();
        assertThat(reading.accounting()).isEmpty();
        assertThat(reading.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("sacct failed",
                "Connection refused"));
    }

    /** Regression: after the wait, the tasks sacct still shows running were failed with "no terminal row". */
    @Test
    void tasksSacctStillShowsRunningAreNotDecided() {
        String running = Fixtures.slurm2205("sacct-X-P-running.txt").replace("134_", JOB + "_");
        slurm.sacctPrints(RealSacctRows.of(JOB, IndexSet.range(0, 5)) + running);

        AccountingReader.Reading reading = read(Duration.ofSeconds(30));

        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.STILL_RUNNING);
        assertThat(reading.decidable()).isFalse();
    }

    /** A sacct that answered once and then failed: its last word is not known, so nothing is decided. */
    @Test
    void anAnswerFollowedByAFailureDecidesNothing() {
        slurm.sacctAnswers(new Prints(RealSacctRows.of(JOB, IndexSet.range(0, 10))),
                new Fails(FakeSlurm.sacctUnreachable()));

        AccountingReader.Reading reading = read(Duration.ofSeconds(10));

        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.NO_ANSWER);
    }

    @Test
    void anAnswerWithUnreadableLinesAtTheEndDecidesNothing() {
        slurm.sacctPrints(RealSacctRows.of(JOB, ALL) + JOB + "_3|fixture-mixed|day|OUT_OF_MEM\n");

        AccountingReader.Reading reading = read(Duration.ofSeconds(10));

        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.NO_ANSWER);
    }

    private static dev.memescalate.slurm.RoundAccounting.Task task(AccountingReader.Reading reading, int index) {
        return reading.accounting().orElseThrow().task(Long.parseLong(JOB), index).orElseThrow();
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
        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
    }

    @Test
    void everyArrayOfASplitRoundMustBeSettled() {
        IndexSet first = IndexSet.range(0, 5);
        IndexSet second = IndexSet.range(6, 11);
        slurm.sacctPrints(RealSacctRows.of("1000", first),
                RealSacctRows.of("1000", first) + RealSacctRows.of("1001", second));

        AccountingReader.Reading reading = new AccountingReader(slurm, clock, sleeper, Duration.ofMinutes(2),
                EngineHarness.SACCT_ZONE).read(new java.util.LinkedHashMap<>(Map.of("1000", first, "1001", second)),
                SUBMITTED);

        assertThat(reading.queries()).isEqualTo(2);
        assertThat(reading.verdict()).isEqualTo(AccountingReader.Verdict.COMPLETE);
        assertThat(slurm.sacctCalls().get(0)).anySatisfy(a -> assertThat(a).startsWith("--jobs=").contains("1000",
                "1001"));
    }
}
