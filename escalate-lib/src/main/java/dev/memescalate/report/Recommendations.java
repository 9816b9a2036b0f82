package dev.memescalate.report;

import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.observe.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a chain's data says its ladder could ask instead: pure rules over the per-level figures of a
 * {@link ChainReport}, each with a named threshold. They advise, they never change a config.
 *
 * <ul>
 *   <li>{@code lower_memory}: when {@link #SHARE} of a level's attempts peaked well under its memory, that peak plus
 *       {@link #HEADROOM} is enough for them (the rest would escalate one level sooner);</li>
 *   <li>{@code start_higher}: when most tasks escalated from the start level, their attempts there were mostly
 *       waste: starting one level up saves them, at the price of running the others with more memory;</li>
 *   <li>{@code shorter_time}: when every attempt at a level ran in a small part of its time limit, a shorter limit
 *       lets Slurm's backfill start the tasks sooner.</li>
 * </ul>
 */
public final class Recommendations {
    /** Fewer attempts with a value than this at a level say too little to advise on. */
    static final int MIN_ATTEMPTS = 20;
    /** The share of a level's attempts a smaller memory request must still hold. */
    static final double SHARE = 0.90;
    /** Headroom over the peak of that share. */
    static final double HEADROOM = 1.2;
    /** A smaller memory request is advised only when it is at most this fraction of the current one. */
    static final double WORTH_ASKING_LESS = 0.75;
    /** Starting higher is advised when at least this share of the tasks that ran at the start level escalated. */
    static final double MOSTLY_ESCALATED = 0.5;
    /** A shorter time limit is advised when every attempt ran under this percent of the limit... */
    static final int SHORT_RUNS_PERCENT = 25;
    /** ... with this headroom over that percent. */
    static final double TIME_HEADROOM = 2.0;

    private Recommendations() {
    }

    /**
     * @param levels the report's levels, level 0 (or the lowest shown) first
     * @param startLevel the level the chain started at
     * @param topLevel the highest level the chain was allowed
     * @param chainGbHours what the whole chain reserved, for the share a saving is of
     */
    public static List<ChainReport.Recommendation> of(List<ChainReport.LevelReport> levels, int startLevel,
            int topLevel, double chainGbHours) {
        List<ChainReport.Recommendation> advice = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            ChainReport.LevelReport l = levels.get(i);
            Level below = i > 0 ? levels.get(i - 1).level() : null;
            if (l.level().number() == startLevel && l.level().number() < topLevel && i + 1 < levels.size()) {
                startHigher(l, levels.get(i + 1).level(), chainGbHours).ifPresent(advice::add);
            }
            lowerMemory(l, below).ifPresent(advice::add);
            shorterTime(l).ifPresent(advice::add);
        }
        return advice;
    }

    static Optional<ChainReport.Recommendation> lowerMemory(ChainReport.LevelReport l, Level below) {
        Histogram h = l.usage().maxRss();
        int n = h.total();
        if (n < MIN_ATTEMPTS) {
            return Optional.empty();
        }
        int percent = Histogram.WIDTH;
        while (percent < 100 && h.countUnder(percent) < SHARE * n) {
            percent += Histogram.WIDTH;
        }
        long memMb = l.level().mem().megabytes();
        double peakMb = memMb * percent / 100.0;
        long proposedMb = roundUpMemory(peakMb * HEADROOM);
        boolean worthIt = percent < 100 && proposedMb <= WORTH_ASKING_LESS * memMb;
        boolean aboveTheLevelBelow = below == null || proposedMb > below.mem().megabytes();
        if (!worthIt || !aboveTheLevelBelow) {
            return Optional.empty();
        }
        int under = h.countUnder(percent);
        double saves = h.completedHoursUnder(percent) * (memMb - proposedMb) / 1024.0;
        int number = l.level().number();
        String text = String.format(Locale.ROOT, "%s of the %,d attempts at level %d peaked under %s of the %s"
                + " requested: level %d could ask %s (about %s GB-h less for those; the other %s would escalate, or"
                + " already did)", percent(100.0 * under / n), n, number, megabytes(peakMb), l.level().mem().toSlurm(),
                number, MemorySize.ofMegabytes(proposedMb).toSlurm(), MarkdownReport.num(saves),
                percent(100.0 * (n - under) / n));
        return Optional.of(new ChainReport.Recommendation("lower_memory", number, text, saves));
    }

    static Optional<ChainReport.Recommendation> startHigher(ChainReport.LevelReport l, Level next,
            double chainGbHours) {
        if (l.entered() < MIN_ATTEMPTS || l.escalated() < MOSTLY_ESCALATED * l.entered()) {
            return Optional.empty();
        }
        ChainReport.Usage u = l.usage();
        double ratio = next.mem().megabytes() / (double) l.level().mem().megabytes();
        // The escalated attempts go; the others (completed, failed) run one level up, with its memory.
        double saves = u.gbHours() - (u.gbHours() - u.escalatedGbHours()) * ratio;
        if (saves <= 0) {
            return Optional.empty();
        }
        String share = chainGbHours > 0 ? " (" + percent(100.0 * saves / chainGbHours) + " of this chain)" : "";
        String text = String.format(Locale.ROOT, "%s of the %,d tasks that ran at level %d escalated from it: starting"
                + " at level %d (submit --start-level=%d) saves about %s GB-h%s", percent(100.0 * l.escalated()
                / l.entered()), l.entered(), l.level().number(), next.number(), next.number(),
                MarkdownReport.num(saves), share);
        return Optional.of(new ChainReport.Recommendation("start_higher", l.level().number(), text, saves));
    }

    static Optional<ChainReport.Recommendation> shorterTime(ChainReport.LevelReport l) {
        Histogram h = l.usage().elapsed();
        int n = h.total();
        if (n < MIN_ATTEMPTS || h.countUnder(SHORT_RUNS_PERCENT) < n) {
            return Optional.empty();
        }
        int percent = Histogram.WIDTH;
        while (h.countUnder(percent) < n) {
            percent += Histogram.WIDTH;
        }
        TimeLimit limit = l.level().time();
        long proposedMinutes = Math.max(1, (long) Math.ceil(limit.seconds() * percent / 100.0 * TIME_HEADROOM / 60));
        if (proposedMinutes * 60 > limit.seconds() / 2) {
            return Optional.empty();
        }
        String text = String.format(Locale.ROOT, "every one of the %,d attempts at level %d ran under %s of its %s time"
                + " limit (%s): a limit of %s would let Slurm's backfill start them sooner", n, l.level().number(),
                percent(percent), limit.toSlurm(), Durations.compact(Duration.ofSeconds(limit.seconds() * percent
                        / 100)), TimeLimit.ofMinutes(proposedMinutes).toSlurm());
        return Optional.of(new ChainReport.Recommendation("shorter_time", l.level().number(), text, 0));
    }

    /** Up to a size people ask for: a multiple of 64M under 1G, of 128M under 4G, of 512M under 16G, else of 1G. */
    static long roundUpMemory(double mb) {
        long step = mb <= 1024 ? 64 : mb <= 4096 ? 128 : mb <= 16384 ? 512 : 1024;
        return Math.max(step, (long) Math.ceil(mb / step) * step);
    }

    private static String megabytes(double mb) {
        return mb >= 1024 ? String.format(Locale.ROOT, "%.1fG", mb / 1024) : String.format(Locale.ROOT, "%.0fM", mb);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }
}
