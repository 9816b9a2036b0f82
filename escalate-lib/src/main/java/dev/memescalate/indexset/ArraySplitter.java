package dev.memescalate.indexset;

import dev.memescalate.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Cuts an index set into as few {@code --array} submissions as the limits allow.
 *
 * <p>Chunks are consecutive in index order (each chunk's indices are all below the next chunk's), which keeps
 * them easy to read in {@code squeue}. Each chunk is the longest prefix of what is left whose compressed spec
 * fits (found by an exponential search around the previous chunk's size, then bisection). Taking the longest
 * fitting prefix each time gives the fewest chunks when a shorter prefix never needs a longer spec, which holds
 * for the compressor up to its heuristics.
 */
public final class ArraySplitter {
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
        if (indices.isEmpty()) {
            return List.of();
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
            int cap = Math.min(indices.size() - from, maxTasks);
            ArrayChunk chunk = longestFittingPrefix(runs, from, cap, guess, budget);
            chunks.add(chunk);
            from += chunk.indices().size();
            guess = chunk.indices().size();
        }
        return List.copyOf(chunks);
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
     * The chunk of the first {@code n} remaining tasks for the largest {@code n <= cap} whose spec fits. The search
     * starts at {@code guess} (the previous chunk's size: neighbouring chunks tend to be alike), moves away from it
     * in doubling steps until it brackets the answer, then bisects: O(log) compressions of about one chunk each.
     */
    private static ArrayChunk longestFittingPrefix(RankedRuns runs, int from, int cap, int guess, int budget) {
        IndexSet one = runs.slice(from, 1);
        ArrayChunk good = new ArrayChunk(one, ArraySpecs.compress(one));
        int bad = cap + 1; // smallest count known not to fit
        int probe = Math.max(1, Math.min(cap, guess));
        int stride = Math.max(1, probe / 32);
        ArrayChunk atGuess = probe == 1 ? good : chunkIfFits(runs, from, probe, budget);
        if (atGuess == null) {
            bad = probe;
            while (bad - stride > 1) {
                ArrayChunk candidate = chunkIfFits(runs, from, bad - stride, budget);
                if (candidate != null) {
                    good = candidate;
                    break;
                }
                bad -= stride;
                stride *= 2;
            }
        } else {
            good = atGuess;
            while (good.indices().size() < cap) {
                int next = (int) Math.min(cap, (long) good.indices().size() + stride);
                ArrayChunk candidate = chunkIfFits(runs, from, next, budget);
                if (candidate == null) {
                    bad = next;
                    break;
                }
                good = candidate;
                stride *= 2;
            }
        }
        while (bad - good.indices().size() > 1) {
            int mid = (good.indices().size() + bad) >>> 1;
            ArrayChunk candidate = chunkIfFits(runs, from, mid, budget);
            if (candidate == null) {
                bad = mid;
            } else {
                good = candidate;
            }
        }
        return good;
    }

    private static ArrayChunk chunkIfFits(RankedRuns runs, int from, int count, int budget) {
        IndexSet candidate = runs.slice(from, count);
        String spec = ArraySpecs.compress(candidate);
        return spec.length() <= budget ? new ArrayChunk(candidate, spec) : null;
    }

    /** The runs of a set with the rank of each run's first index, to cut out "tasks from..from+count" quickly. */
    private static final class RankedRuns {
        private final int[] starts;
        private final int[] ends;
        /** ranks[r] = number of indices before run r. */
        private final int[] ranks;

        RankedRuns(IndexSet set) {
            starts = new int[set.runCount()];
            ends = new int[set.runCount()];
            ranks = new int[set.runCount()];
            IndexSet.RunCursor cursor = set.runCursor();
            int r = 0;
            int rank = 0;
            while (cursor.advance()) {
                starts[r] = cursor.start;
                ends[r] = cursor.end;
                ranks[r] = rank;
                rank += cursor.end - cursor.start + 1;
                r++;
            }
        }

        IndexSet slice(int fromRank, int count) {
            int pos = Arrays.binarySearch(ranks, fromRank);
            int run = pos >= 0 ? pos : -pos - 2;
            IndexSet.Builder out = IndexSet.builder();
            int remaining = count;
            int first = starts[run] + (fromRank - ranks[run]);
            while (remaining > 0) {
                int last = (int) Math.min(ends[run], (long) first + remaining - 1);
                out.addRange(first, last);
                remaining -= last - first + 1;
                run++;
                if (run < starts.length) {
                    first = starts[run];
                }
            }
            return out.build();
        }
    }
}
