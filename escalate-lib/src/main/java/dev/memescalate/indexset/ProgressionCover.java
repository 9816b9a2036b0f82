package dev.memescalate.indexset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Covers an index set with arithmetic progressions whose spec text is short: the engine of
 * {@link ArraySpecs#compress}.
 *
 * <p>Slurm sets one bit per index of every part, so parts may overlap and come in any order; a progression only
 * has to lie inside the set. Finding the shortest cover is a set-cover problem, so this is a greedy:
 * <ol>
 *   <li>Runs of at least {@link #LONG_RUN} indices become {@code a-b} parts: nothing names them in fewer
 *       characters unless the set is made of many such runs in lockstep, which is rare in failed-task sets.</li>
 *   <li>The other indices are visited in ascending order. At the first index {@code p} not yet covered, a few
 *       candidate steps are tried: the distances to the next {@link #NEIGHBOURS} indices, the distance to the
 *       same offset in the next run (blocks in lockstep) and the {@link #RECENT} steps chosen last
 *       (interleaved progressions such as {@code 5,6,15,16,...} repeat a step). Each candidate is extended while
 *       it stays inside the set, and the prefix saving the most characters against writing its still-uncovered
 *       indices one by one wins; if nothing saves a character, {@code p} is written alone.</li>
 * </ol>
 * Each chosen part saves characters against listing its indices, so the result is never longer than the plain
 * comma list. Cost: O(n * candidates * average extension) with O(1) membership tests on bitmaps when the set is
 * dense enough, galloping searches otherwise.
 */
final class ProgressionCover {
    /** Runs at least this long are written as {@code a-b} without further search. */
    static final int LONG_RUN = 64;
    /** How many following indices give a candidate step. */
    static final int NEIGHBOURS = 24;
    /** How many recently chosen steps are tried again. */
    static final int RECENT = 4;
    /** A candidate stops after this many indices in a row that are already covered: it is not paying off. */
    static final int MAX_COVERED_IN_A_ROW = 32;

    private final IndexSet set;
    private final int[] loose;
    private final Membership membership;
    private final List<Progression> longRuns = new ArrayList<>();
    private final List<Progression> chosen = new ArrayList<>();
    private final int[] recentSteps = new int[RECENT];
    private int recentCount;

    private ProgressionCover(IndexSet set) {
        this.set = set;
        int[] buffer = new int[16];
        int looseCount = 0;
        IndexSet.RunCursor runs = set.runCursor();
        while (runs.advance()) {
            boolean isLong = (long) runs.end - runs.start + 1 >= LONG_RUN;
            if (isLong) {
                longRuns.add(new Progression(runs.start, runs.end, 1));
                continue;
            }
            int length = runs.end - runs.start + 1;
            if (looseCount + length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, looseCount + length));
            }
            for (int i = runs.start; i <= runs.end; i++) {
                buffer[looseCount++] = i;
            }
        }
        this.loose = Arrays.copyOf(buffer, looseCount);
        this.membership = Membership.of(loose, longRuns);
    }

    /** The parts, ordered by first index. */
    static List<Progression> cover(IndexSet set) {
        ProgressionCover cover = new ProgressionCover(set);
        cover.coverLooseIndices();
        return merge(cover.longRuns, cover.chosen);
    }

    private void coverLooseIndices() {
        int[] candidates = new int[NEIGHBOURS + 1 + RECENT];
        int runStart = 0; // rank in loose of the first index of p's run
        int runEnd = -1; // rank in loose of the last index of p's run
        for (int i = 0; i < loose.length; i++) {
            if (i > runEnd) {
                runStart = i;
                runEnd = i;
                while (runEnd + 1 < loose.length && loose[runEnd + 1] == loose[runEnd] + 1) {
                    runEnd++;
                }
            }
            int p = loose[i];
            if (!membership.isUncovered(p)) {
                continue;
            }
            int candidateCount = 0;
            for (int j = i + 1; j < loose.length && j <= i + NEIGHBOURS; j++) {
                candidateCount = addCandidate(candidates, candidateCount, loose[j] - p);
            }
            int nextRun = runEnd + 1;
            if (nextRun < loose.length) {
                long sameOffset = (long) loose[nextRun] + (i - runStart);
                candidateCount = addCandidate(candidates, candidateCount, (int) Math.min(sameOffset - p, Integer.MAX_VALUE));
            }
            for (int r = 0; r < recentCount; r++) {
                candidateCount = addCandidate(candidates, candidateCount, recentSteps[r]);
            }
            choose(p, candidates, candidateCount);
        }
    }

    private static int addCandidate(int[] candidates, int count, int step) {
        for (int i = 0; i < count; i++) {
            if (candidates[i] == step) {
                return count;
            }
        }
        candidates[count] = step;
        return count + 1;
    }

    private void choose(int p, int[] candidates, int candidateCount) {
        int bestSaving = 0;
        int bestLast = p;
        int bestStep = 1;
        for (int c = 0; c < candidateCount; c++) {
            int step = candidates[c];
            long saving = extend(p, step);
            int last = (int) (saving >>> 32);
            int saved = (int) saving;
            if (saved > bestSaving) {
                bestSaving = saved;
                bestLast = last;
                bestStep = step;
            }
        }
        Progression part = bestLast == p ? new Progression(p, p, 1) : new Progression(p, bestLast, bestStep);
        for (long v = p; v <= bestLast; v += part.step()) {
            membership.cover((int) v);
        }
        chosen.add(part);
        if (part.first() != part.last()) {
            rememberStep(part.step());
        }
    }

    /**
     * Walks {@code p, p+step, ...} while inside the set and returns the best prefix as {@code last << 32 | saved},
     * where saved is the characters saved against writing each still-uncovered index alone ({@code "i,"}).
     */
    private long extend(int p, int step) {
        int gain = Progression.digits(p) + 1;
        int bestSaved = 0;
        long bestLast = p;
        int coveredInARow = 0;
        int limit = set.last();
        for (long v = (long) p + step; v <= limit && membership.contains((int) v); v += step) {
            if (membership.isUncovered((int) v)) {
                gain += Progression.digits((int) v) + 1;
                coveredInARow = 0;
            } else if (++coveredInARow > MAX_COVERED_IN_A_ROW) {
                break;
            }
            int saved = gain - (Progression.textLength(p, (int) v, step) + 1);
            if (saved > bestSaved) {
                bestSaved = saved;
                bestLast = v;
            }
        }
        return (bestLast << 32) | bestSaved;
    }

    private void rememberStep(int step) {
        int at = 0;
        while (at < recentCount && recentSteps[at] != step) {
            at++;
        }
        if (at == recentCount && recentCount < RECENT) {
            recentCount++;
        }
        int from = Math.min(at, RECENT - 1);
        System.arraycopy(recentSteps, 0, recentSteps, 1, from);
        recentSteps[0] = step;
    }

    private static List<Progression> merge(List<Progression> a, List<Progression> b) {
        List<Progression> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean takeA = j == b.size() || (i < a.size() && a.get(i).first() <= b.get(j).first());
            out.add(takeA ? a.get(i++) : b.get(j++));
        }
        return out;
    }

    /** Which values are in the set, and which loose indices still need a part. */
    private interface Membership {
        boolean contains(int value);

        boolean isUncovered(int value);

        void cover(int value);

        /** Bitmaps when they take at most 16 bytes per loose index (plus 16 kB), searches otherwise. */
        static Membership of(int[] loose, List<Progression> longRuns) {
            LongRuns runs = new LongRuns(longRuns);
            if (loose.length == 0) {
                return new Searches(loose, runs);
            }
            long looseSpan = (long) loose[loose.length - 1] - loose[0] + 1;
            boolean bitmapIsSmall = looseSpan <= 64L * loose.length + 65_536;
            return bitmapIsSmall ? new Bitmaps(loose, runs) : new Searches(loose, runs);
        }
    }

    /** The long runs, searched by binary search: there are at most n / LONG_RUN of them. */
    private static final class LongRuns {
        private final int[] starts;
        private final int[] ends;

        LongRuns(List<Progression> runs) {
            starts = runs.stream().mapToInt(Progression::first).toArray();
            ends = runs.stream().mapToInt(Progression::last).toArray();
        }

        boolean contains(int value) {
            int pos = Arrays.binarySearch(starts, value);
            int run = pos >= 0 ? pos : -pos - 2;
            return run >= 0 && value <= ends[run];
        }
    }

    /**
     * Two bitmaps over the span of the loose indices, O(1) tests; values outside that span can only be in long
     * runs, which are searched.
     */
    private static final class Bitmaps implements Membership {
        private final int base;
        private final int top;
        private final LongRuns longRuns;
        private final BitSet members = new BitSet();
        private final BitSet uncovered = new BitSet();

        Bitmaps(int[] loose, LongRuns longRuns) {
            this.base = loose[0];
            this.top = loose[loose.length - 1];
            this.longRuns = longRuns;
            for (int value : loose) {
                members.set(value - base);
                uncovered.set(value - base);
            }
            for (int r = 0; r < longRuns.starts.length; r++) {
                int from = Math.max(base, longRuns.starts[r]);
                int to = Math.min(top, longRuns.ends[r]);
                if (from <= to) {
                    members.set(from - base, to - base + 1);
                }
            }
        }

        @Override
        public boolean contains(int value) {
            boolean inSpan = value >= base && value <= top;
            return inSpan ? members.get(value - base) : longRuns.contains(value);
        }

        @Override
        public boolean isUncovered(int value) {
            return value >= base && value <= top && uncovered.get(value - base);
        }

        @Override
        public void cover(int value) {
            if (value >= base && value <= top) {
                uncovered.clear(value - base);
            }
        }
    }

    /**
     * For sparse sets spread over a wide span, where bitmaps would be large: searches in the sorted loose indices,
     * galloping from the last position found. Candidates probe values close to each other, so a probe costs
     * O(log distance) on memory that is already in cache (an open-addressing hash table measured about 3 times
     * slower on 200k random indices: cache misses).
     */
    private static final class Searches implements Membership {
        private final int[] loose;
        private final LongRuns longRuns;
        private final BitSet covered;
        private int hint;

        Searches(int[] loose, LongRuns longRuns) {
            this.loose = loose;
            this.longRuns = longRuns;
            this.covered = new BitSet(loose.length);
        }

        /** The rank of {@code value} in the loose indices, or -1. */
        private int rankOf(int value) {
            if (loose.length == 0) {
                return -1;
            }
            int lo;
            int hi;
            int stride = 1;
            if (loose[hint] <= value) {
                lo = hint;
                hi = hint + 1;
                while (hi < loose.length && loose[hi] <= value) {
                    lo = hi;
                    hi = (int) Math.min(loose.length, (long) hi + (stride *= 2));
                }
            } else {
                hi = hint;
                lo = hint - 1;
                while (lo >= 0 && loose[lo] > value) {
                    hi = lo;
                    lo = (int) Math.max(-1, (long) lo - (stride *= 2));
                }
            }
            // Now loose[lo] <= value < loose[hi], where -1 and loose.length stand for the ends.
            int pos = Arrays.binarySearch(loose, lo + 1, hi, value);
            if (pos >= 0) {
                hint = pos;
                return pos;
            }
            if (lo >= 0 && loose[lo] == value) {
                hint = lo;
                return lo;
            }
            hint = Math.max(0, Math.min(loose.length - 1, lo));
            return -1;
        }

        @Override
        public boolean contains(int value) {
            return rankOf(value) >= 0 || longRuns.contains(value);
        }

        @Override
        public boolean isUncovered(int value) {
            int rank = rankOf(value);
            return rank >= 0 && !covered.get(rank);
        }

        @Override
        public void cover(int value) {
            int rank = rankOf(value);
            if (rank >= 0) {
                covered.set(rank);
            }
        }
    }
}
