package dev.memescalate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link Recommendations} on levels made by hand. */
class RecommendationsTest {
    private static final Level L0 = new Level(0, List.of("day"), MemorySize.ofMegabytes(2048), TimeLimit.ofMinutes(60));
    private static final Level L1 = new Level(1, List.of("day"), MemorySize.ofMegabytes(8192), TimeLimit.ofMinutes(120));

    /** {@code n} attempts per (percent, completed) pair, each of {@code hours}. */
    private static Histogram histogram(double hours, Object... percentCompletedCount) {
        Histogram.Counter c = new Histogram.Counter();
        for (int i = 0; i < percentCompletedCount.length; i += 3) {
            for (int k = 0; k < (int) percentCompletedCount[i + 2]; k++) {
                c.add((double) percentCompletedCount[i], (boolean) percentCompletedCount[i + 1], hours);
            }
        }
        return c.freeze();
    }

    private static ChainReport.LevelReport level(Level level, int entered, int escalated, Histogram rss,
            Histogram elapsed, double gbHours, double escalatedGbHours) {
        return new ChainReport.LevelReport(level, entered, entered - escalated, escalated, 0, 0,
                new ChainReport.Usage(rss, elapsed, gbHours, escalatedGbHours));
    }

    @Test
    void mostAttemptsPeakingWellUnderTheRequestGiveASmallerOne() {
        // 92 attempts at 26% of 2G (532M), 8 at 100% (out of memory): 92% peaked under 30% (614M).
        Histogram rss = histogram(0.5, 26.0, true, 92, 100.0, false, 8);
        Histogram elapsed = histogram(0.5, 50.0, true, 100);
        var advice = Recommendations.of(List.of(level(L0, 100, 8, rss, elapsed, 100, 8), level(L1, 8, 0,
                Histogram.EMPTY, Histogram.EMPTY, 0, 0)), 0, 1, 120);

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("lower_memory");
            assertThat(r.level()).isZero();
            // 614M x 1.2 = 737M, up to a multiple of 64M: 768M; 46 h at 1280M less: 57.5 GB-h.
            assertThat(r.text()).isEqualTo("92% of the 100 attempts at level 0 peaked under 614M of the 2G requested:"
                    + " level 0 could ask 768M (about 57.5 GB-h less for those; the other 8% would escalate, or"
                    + " already did)");
            assertThat(r.savesGbHours()).isEqualTo(46 * 1280 / 1024.0);
        });
    }

    @Test
    void noSmallerRequestWhenTooFewAttemptsOrNotWorthIt() {
        Histogram few = histogram(0.5, 10.0, true, 19);
        Histogram high = histogram(0.5, 70.0, true, 100);
        assertThat(Recommendations.lowerMemory(level(L0, 19, 0, few, few, 1, 0), null)).isEmpty();
        assertThat(Recommendations.lowerMemory(level(L0, 100, 0, high, high, 1, 0), null)).isEmpty();
        // Level 1's tasks needed more than level 0's 2G: 10% of 8G (819M x 1.2 = 1G) is below that.
        Histogram low = histogram(0.5, 10.0, true, 100);
        assertThat(Recommendations.lowerMemory(level(L1, 100, 0, low, low, 1, 0), L0)).isEmpty();
    }

    @Test
    void mostTasksEscalatingFromTheStartLevelSayStartHigher() {
        // 100 tasks at level 0 reserved 40 GB-h there, 36 of them in the 80 attempts that escalated; the other 20
        // would reserve 4 x 4 GB-h at 8G: 24 GB-h saved.
        Histogram none = Histogram.EMPTY;
        var advice = Recommendations.of(List.of(level(L0, 100, 80, none, none, 40, 36), level(L1, 80, 0, none, none,
                200, 0)), 0, 1, 240);

        assertThat(advice).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("start_higher");
            assertThat(r.text()).isEqualTo("80% of the 100 tasks that ran at level 0 escalated from it: starting at"
                    + " level 1 (submit --start-level=1) saves about 24 GB-h (10% of this chain)");
            assertThat(r.savesGbHours()).isEqualTo(24);
        });
        assertThat(Recommendations.of(List.of(level(L0, 100, 80, none, none, 40, 30), level(L1, 80, 0, none, none,
                200, 0)), 0, 1, 240)).as("saves nothing when the others cost as much more at level 1").isEmpty();
    }

    @Test
    void shortRunsEverywhereSayAShorterTimeLimit() {
        // Every attempt ran under 10% of an hour: 6 min x 2 = 12 min.
        Histogram elapsed = histogram(0.1, 8.0, true, 50);
        var advice = Recommendations.shorterTime(level(L0, 50, 0, Histogram.EMPTY, elapsed, 1, 0));

        assertThat(advice).hasValueSatisfying(r -> assertThat(r.text()).isEqualTo("every one of the 50 attempts at"
                + " level 0 ran under 10% of its 01:00:00 time limit (6m00s): a limit of 00:12:00 would let Slurm's"
                + " backfill start them sooner"));
        assertThat(Recommendations.shorterTime(level(L0, 50, 0, Histogram.EMPTY, histogram(0.1, 30.0, true, 50), 1,
                0))).isEmpty();
    }

    @Test
    void memoryIsRoundedUpToSizesPeopleAskFor() {
        assertThat(Recommendations.roundUpMemory(720)).isEqualTo(768);
        assertThat(Recommendations.roundUpMemory(10)).isEqualTo(64);
        assertThat(Recommendations.roundUpMemory(1100)).isEqualTo(1152);
        assertThat(Recommendations.roundUpMemory(5000)).isEqualTo(5120);
        assertThat(Recommendations.roundUpMemory(20000)).isEqualTo(20480);
    }

    @Test
    void histogramBuckets() {
        assertThat(Histogram.bucketOf(0)).isZero();
        assertThat(Histogram.bucketOf(4.99)).isZero();
        assertThat(Histogram.bucketOf(5)).isEqualTo(1);
        assertThat(Histogram.bucketOf(99.9)).isEqualTo(19);
        assertThat(Histogram.bucketOf(100)).isEqualTo(Histogram.BUCKETS);
        assertThat(Histogram.bucketOf(Double.NaN)).isEqualTo(Histogram.BUCKETS);
        assertThat(Histogram.label(0)).isEqualTo("0-5%");
        assertThat(Histogram.label(Histogram.BUCKETS)).isEqualTo("≥100%");
    }
}
