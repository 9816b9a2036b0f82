package dev.memescalate.indexset;

import dev.memescalate.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Cuts an index set into as few {@code --array} submissions as the limits allow.
 *
 * <p>Chunks are consecutive in index order (each chunk's indices are all below the next chunk's), which keeps
 * them easy to read in {@code squeue}. Each chunk is the longest prefix of what is left whose compressed spec
 * fits (found by interpolating the spec length, starting from the previous chunk's size). Taking the longest
 * fitting prefix each time gives the fewest chunks when a shorter prefix never needs a longer spec, which holds
 * for the compressor up to its heuristics.
 */
public final class ArraySplitter {
    /**
     * How much further than the largest fitting probe an extrapolated probe may go: bounds the work wasted when
     * the set turns from runs (short specs) to scattered indices (long specs) right after the probe.
     */
    private static final int MAX_GROWTH = 8;
    private static final int UNKNOWN = -1;

    private ArraySplitter() {
    }

    /**
     * Splits {@code indices} so that every chunk's spec plus the throttle suffix {@code %N} fits
     * {@code limits.maxSpecLength()}, and every chunk has at most {@code limits.maxTasksPerArray()} tasks. The
     * returned specs carry no throttle: the caller appends {@code %N} (room for it is reserved here).
     *
     * @return chunks in index order, pairwise disjoint, whose union is {@code indices}; empty for an empty set
     * @throws InvalidInputException if an index is not below MaxArraySize (Slurm cannot submit it in any chunk),
     *     or the spec length leaves no room for even one index after the throttle
     */
    public static List<ArrayChunk> split(IndexSet indices, ArrayLimits limits, OptionalInt throttle) {
        return splitInto(indices, limits, throttle, Integer.MAX_VALUE).orElseThrow();
    }

    /**
     * {@link #split}, when it needs at most {@code maxChunks} chunks; empty otherwise. It stops at the chunk past
     * {@code maxChunks}: a caller that would rather do something else with a set that needs many arrays (renumber
     * it) pays for two chunks' compression, not for all of them (300,000 scattered indices make about a hundred).
     *
     * @throws InvalidInputException as {@link #split} does
     */
    public static Optional<List<ArrayChunk>> splitInto(IndexSet indices, ArrayLimits limits, OptionalInt throttle,
            int maxChunks) {
        if (indices.isEmpty()) {
            return Optional.of(List.of());
        }
        checkMaxArraySize(indices, limits);
        String suffix = ArraySpec.throttleSuffix(throttle);
        int budget = limits.maxSpecLength() - suffix.length();
        int widestIndex = Progression.digits(indices.last());
        if (budget < widestIndex) {
            throw new InvalidInputException("an array spec may be at most " + limits.maxSpecLength()
                    + " characters; after the throttle \"" + suffix + "\" that leaves " + Math.max(budget, 0)
                    + ", too few for index " + indices.last() + " (" + widestIndex + " digits): raise"
                    + " max_array_spec_len or lower the throttle");
        }
        int maxTasks = limits.maxTasksPerArray().orElse(Integer.MAX_VALUE);
        RankedRuns runs = new RankedRuns(indices);
        List<ArrayChunk> chunks = new ArrayList<>();
        int from = 0;
        int guess = 64;
        while (from < indices.size()) {
            if (chunks.size() == maxChunks) {
                return Optional.empty();
            }
            int cap = Math.min(indices.size() - from, maxTasks);
            ArrayChunk chunk = longestFittingPrefix(runs, from, cap, guess, budget);
            chunks.add(chunk);
            from += chunk.indices().size();
            guess = chunk.indices().size();
        }
        return Optional.of(List.copyOf(chunks));
    }

    private static void checkMaxArraySize(IndexSet indices, ArrayLimits limits) {
        if (limits.maxArraySize().isEmpty()) {
            return;
        }
        int maxArraySize = limits.maxArraySize().getAsInt();
        if (indices.last() >= maxArraySize) {
            IndexSet tooLarge = indices.between(maxArraySize, IndexSet.MAX_INDEX);
            throw new InvalidInputException(tooLarge.size() + " array index(es) are not below MaxArraySize "
                    + maxArraySize + " (" + ArraySpecs.abbreviate(tooLarge, 60) + "): Slurm rejects any index >= "
                    + "MaxArraySize, so they cannot be submitted; renumber the tasks or ask the admins to raise "
                    + "MaxArraySize");
        }
    }

    /**
     * The chunk of the first {@code n} remaining tasks for the largest {@code n <= cap} whose spec fits. A spec's
     * length grows about linearly with {@code n}, so the first probe is at {@code guess} (the previous chunk's size:
     * neighbouring chunks tend to be alike) and each next one where the line through the largest fitting and the
     * smallest non-fitting probe meets the budget; while nothing has failed yet, the line from 0 through the
     * largest fitting probe, going at most {@link #MAX_GROWTH} times further. When two probes in a row have not
     * halved the interval left, the next one bisects it; before any probe has failed, when two have not doubled
     * the fitting count, the next one doubles it (a spec that stays just under the budget while the set goes on
     * would otherwise creep forward a few percent per probe). So a length far from linear costs at most about
     * three times the probes of a doubling search and bisection. Measured on a million random indices: 3.4 to 4.8
     * compressions of about one chunk each, where a doubling search around the guess followed by bisection took
     * 6.4 to 7.5.
     */
    private static ArrayChunk longestFittingPrefix(RankedRuns runs, int from, int cap, int guess, int budget) {
        ArrayChunk good = chunk(runs, from, 1); // fits: split() checked the widest index
        int badCount = cap + 1; // smallest count known not to fit
        int badLength = UNKNOWN;
        int next = guess;
        // Progress over the last two probes, to catch a line that converges slowly: once a probe has failed, the
        // interval's width must halve (cap + 1 is no probe, so before that the fitting count must double).
        long widthTwoProbesAgo = Long.MAX_VALUE;
        long widthOneProbeAgo = Long.MAX_VALUE;
        long goodTwoProbesAgo = 0;
        long goodOneProbeAgo = 1;
        while (badCount - size(good) > 1) {
            ArrayChunk probe = chunk(runs, from, Math.max(size(good) + 1, Math.min(badCount - 1, next)));
            if (probe.spec().length() <= budget) {
                good = probe;
            } else {
                badCount = size(probe);
                badLength = probe.spec().length();
            }
            boolean bracketed = badLength != UNKNOWN;
            long width = bracketed ? badCount - size(good) : Long.MAX_VALUE;
            boolean slow = bracketed ? width > widthTwoProbesAgo / 2 : size(good) < 2 * goodTwoProbesAgo;
            widthTwoProbesAgo = widthOneProbeAgo;
            widthOneProbeAgo = width;
            goodTwoProbesAgo = goodOneProbeAgo;
            goodOneProbeAgo = size(good);
            next = estimate(good, badCount, badLength, budget);
            if (slow && bracketed) {
                next = (size(good) + badCount) >>> 1;
            } else if (slow) {
                next = (int) Math.max(next, Math.min(cap, 2L * size(good)));
            }
        }
        return good;
    }

    /** Where the spec length should reach the budget, by linear interpolation (see longestFittingPrefix). */
    private static int estimate(ArrayChunk good, int badCount, int badLength, int budget) {
        int goodLength = good.spec().length();
        if (badLength == UNKNOWN) {
            long reach = (long) size(good) * budget / goodLength;
            return (int) Math.min(reach, (long) size(good) * MAX_GROWTH);
        }
        long span = badCount - size(good);
        return (int) (size(good) + span * (budget - goodLength) / (badLength - goodLength));
    }

    private static ArrayChunk chunk(RankedRuns runs, int from, int count) {
        IndexSet indices = runs.slice(from, count);
        return new ArrayChunk(indices, ArraySpecs.compress(indices));
    }

    private static int size(ArrayChunk chunk) {
        return chunk.indices().size();
    }
}
