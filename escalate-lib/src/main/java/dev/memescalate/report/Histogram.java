package dev.memescalate.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A fixed-bucket histogram of a percentage (MaxRSS of the requested memory, run time of the time limit): {@link #BUCKETS}
 * buckets {@link #WIDTH} percent wide from 0, and one more for 100% and over (an attempt killed for memory or time
 * lands there). Attempts that completed and the others are counted apart, with the run time of those that completed,
 * so that a recommendation can tell what a smaller request would have saved. A few hundred bytes, whatever the chain's
 * size: reports of 100,000 tasks keep one {@link Counter} per level, never a value per task.
 *
 * @param completed attempts that completed, per bucket
 * @param other the other attempts (out of memory, timed out, failed), per bucket
 * @param completedHours the run time in hours of the completed attempts, per bucket
 * @param notReported attempts without a value (sacct reported no MaxRSS, or no run time)
 */
public record Histogram(List<Integer> completed, List<Integer> other, List<Double> completedHours, int notReported) {
    /** Percent per bucket. */
    public static final int WIDTH = 5;
    /** Buckets below 100%; one more holds 100% and over. */
    public static final int BUCKETS = 100 / WIDTH;
    /** A histogram of nothing. */
    public static final Histogram EMPTY = new Counter().freeze();

    public Histogram {
        completed = List.copyOf(completed);
        other = List.copyOf(other);
        completedHours = List.copyOf(completedHours);
        if (completed.size() != BUCKETS + 1 || other.size() != BUCKETS + 1 || completedHours.size() != BUCKETS + 1) {
            throw new IllegalArgumentException("a histogram has " + (BUCKETS + 1) + " buckets, got "
                    + completed.size() + "/" + other.size() + "/" + completedHours.size());
        }
    }

    /** The bucket of a value: {@code floor(percent / WIDTH)}, the last one for 100% and over (and NaN). */
    public static int bucketOf(double percent) {
        if (!(percent < 100.0)) {
            return BUCKETS;
        }
        return Math.max(0, (int) Math.floor(percent / WIDTH));
    }

    public int buckets() {
        return BUCKETS + 1;
    }

    /** Attempts with a value in {@code bucket}. */
    public int count(int bucket) {
        return completed.get(bucket) + other.get(bucket);
    }

    /** Attempts with a value. */
    public int total() {
        int n = 0;
        for (int b = 0; b <= BUCKETS; b++) {
            n += count(b);
        }
        return n;
    }

    /** The largest count of one bucket (the height of a chart's tallest bar). */
    public int largestCount() {
        int max = 0;
        for (int b = 0; b <= BUCKETS; b++) {
            max = Math.max(max, count(b));
        }
        return max;
    }

    /** Attempts whose value was under {@code percent} (a multiple of {@link #WIDTH}, at most 100). */
    public int countUnder(int percent) {
        int n = 0;
        for (int b = 0; b < percent / WIDTH; b++) {
            n += count(b);
        }
        return n;
    }

    /** The run time in hours of the completed attempts whose value was under {@code percent}. */
    public double completedHoursUnder(int percent) {
        double h = 0;
        for (int b = 0; b < percent / WIDTH; b++) {
            h += completedHours.get(b);
        }
        return h;
    }

    /** The attempts with a value that completed. */
    public int completedTotal() {
        return completed.stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code 0-5%}, ..., {@code 95-100%}, {@code ≥100%}. */
    public static String label(int bucket) {
        return bucket == BUCKETS ? "≥100%"
                : String.format(Locale.ROOT, "%d-%d%%", bucket * WIDTH, (bucket + 1) * WIDTH);
    }

    /** Counts values as they come: primitive arrays, fixed size. Not thread-safe. */
    public static final class Counter {
        private final int[] completed = new int[BUCKETS + 1];
        private final int[] other = new int[BUCKETS + 1];
        private final double[] hours = new double[BUCKETS + 1];
        private int notReported;

        /** One attempt whose value was {@code percent}; {@code completedHours} counts only when it completed. */
        public void add(double percent, boolean attemptCompleted, double completedHours) {
            int b = bucketOf(percent);
            if (attemptCompleted) {
                completed[b]++;
                hours[b] += completedHours;
            } else {
                other[b]++;
            }
        }

        /** One attempt without a value. */
        public void notReported() {
            notReported++;
        }

        public Histogram freeze() {
            List<Double> h = new ArrayList<>(hours.length);
            for (double v : hours) {
                h.add(v);
            }
            return new Histogram(Arrays.stream(completed).boxed().toList(), Arrays.stream(other).boxed().toList(), h,
                    notReported);
        }
    }
}
