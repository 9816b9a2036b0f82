package dev.memescalate.indexset;

import java.util.Arrays;

/**
 * Writes an index set with one step {@code s}: the indices of each residue mod {@code s}, as maximal progressions
 * of step {@code s} broken where an index is missing; a progression of three or more indices as {@code a-b:s}, of
 * one or two as single values. The original Python tool writes sets this way, and it is the shape of failed tasks
 * that come in blocks with gaps ({@code 5-9,15-19,...} minus a few), where the greedy {@link ProgressionCover},
 * starting a progression at each first uncovered index, loses track of the blocks at every gap.
 *
 * <p>The steps tried are all of {@link #MIN_STEP} to {@link #MAX_STEP}, whatever the set. Step 1 is the runs
 * form, written elsewhere. Trying every step rather than guessing from the gaps keeps the promise simple (never
 * longer than any of them) and costs little because 64 is one machine word: the lengths are counted 64 indices at a
 * time with shifts and bit counts over a bitmap of the set, all 63 steps in one pass, which measured 25 ms of CPU
 * for a million random indices over 2 million and 50 ms over 10 million (counting a single step index by index
 * took about 50 ms). Longer periods are left to {@link ProgressionCover}, which tries the distance to the same
 * offset in the next run; on the shape with period 100 the per-residue form would still win (209
 * characters against 307), so a step taken from the gaps between runs is the next thing to add: the bitmap would
 * then need words as far from each run end as the step.
 *
 * <p>The length follows from local facts about each index {@code v}: a progression starts at {@code v} when
 * {@code v - s} is missing and ends there when {@code v + s} is missing; it is one index long when both hold, and
 * at least three long when it ends at {@code v} and {@code v - 2s} is present. So only indices less than
 * {@code s} from either end of their run count, and the bitmap holds only the 64-index words around run ends
 * (see {@link Bitmap}): a run of a billion costs a few words.
 */
final class ResidueCover {
    static final int MIN_STEP = 2;
    static final int MAX_STEP = 64;

    private ResidueCover() {
    }

    /** The step in {@code [MIN_STEP, MAX_STEP]} whose text is shortest (the smallest such step), and that length. */
    record Shortest(int step, long length) {
    }

    static Shortest shortest(IndexSet set) {
        long[] lengths = Bitmap.of(set).textLengths();
        int bestStep = MIN_STEP;
        long bestLength = Long.MAX_VALUE;
        for (int step = MIN_STEP; step <= MAX_STEP; step++) {
            long length = lengths[step];
            if (length < bestLength) {
                bestLength = length;
                bestStep = step;
            }
        }
        return new Shortest(bestStep, bestLength);
    }

    /** Length of {@link #format}{@code (set, step)}, without writing it. */
    static long textLength(IndexSet set, int step) {
        requireStep(step);
        return Bitmap.of(set).textLengths()[step];
    }

    /**
     * The parts, ordered by first index: {@code a-b:s} for a progression of three or more, {@code a} or
     * {@code a,b} for one or two. Visits each index near a run end once: about 50 ms for a scattered million.
     */
    static String format(IndexSet set, int step) {
        requireStep(step);
        if (set.isEmpty()) {
            return "";
        }
        Neighbours neighbours = new Neighbours(set, step);
        int[] firsts = new int[16];
        int[] lasts = new int[16];
        int parts = 0;
        int[] openPart = new int[step]; // per residue, the part its current progression is in
        while (neighbours.advance()) {
            int v = neighbours.value;
            int residue = v % step;
            if (neighbours.isStart) {
                if (parts == firsts.length) {
                    firsts = Arrays.copyOf(firsts, parts * 2);
                    lasts = Arrays.copyOf(lasts, parts * 2);
                }
                firsts[parts] = v;
                openPart[residue] = parts++;
            }
            if (neighbours.isEnd) {
                lasts[openPart[residue]] = v;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                out.append(',');
            }
            int first = firsts[p];
            int last = lasts[p];
            boolean isShort = (long) last - first <= step; // one or two indices: the values are shorter
            if (isShort) {
                out.append(first);
                if (last != first) {
                    out.append(',').append(last);
                }
            } else {
                new Progression(first, last, step).appendTo(out);
            }
        }
        return out.toString();
    }

    private static void requireStep(int step) {
        if (step < MIN_STEP || step > MAX_STEP) {
            throw new IllegalArgumentException(
                    "step must be in [" + MIN_STEP + ", " + MAX_STEP + "] (1 is the runs form), got " + step);
        }
    }

    private static long tenToThe(int exponent) {
        long power = 1;
        for (int i = 0; i < exponent; i++) {
            power *= 10;
        }
        return power;
    }

    /** Decimal digits of a non-negative long. */
    private static int digits(long value) {
        int digits = 1;
        for (long bound = 10; bound <= value; bound *= 10) {
            digits++;
        }
        return digits;
    }

    /**
     * The set as a bitmap of 64-index words, kept only where a progression of step at most {@link #MAX_STEP} can
     * start or end: in the words around each run's first and last index. Words elsewhere are all ones (inside a
     * long run) or all zeros and count nothing.
     *
     * <p>Nearby words are merged into intervals. Each interval stores its core words, the ones counted, plus two
     * words before and one after, so that {@code v - s}, {@code v - 2s} and {@code v + s} of every core index can
     * be read without a bounds check. A run of one or two indices with no other index within {@link #MAX_STEP} is
     * <em>isolated</em>: each of its indices is a one-index progression at every step, so it is counted once,
     * up front, and left out of the bitmap, so a sparse set over a wide span takes no words per index. Memory is
     * at most one word per 64 indices of the span, or about six words per pair of indices that are close to each
     * other but far from the rest.
     */
    private static final class Bitmap {
        private static final int PAD_BEFORE = 2; // v - 2s reaches back 128 bits
        private static final int PAD_AFTER = 1; // v + s reaches forward 64 bits
        /** The length of {@code ":s"} for each step s. */
        private static final int[] STEP_TEXT = new int[MAX_STEP + 1];

        static {
            for (int step = 1; step <= MAX_STEP; step++) {
                STEP_TEXT[step] = 1 + digits(step);
            }
        }

        /** {@code digits(v) + 1} summed over the isolated indices. */
        private long isolatedLength;
        private int intervals;
        /** Per interval: the global word number of its first core word ({@code value >>> 6}). */
        private int[] firstCore = new int[16];
        /** Per interval: its number of core words. */
        private int[] coreCount = new int[16];
        /** Per interval: where its first stored word (the first pad) is in {@link #words}. */
        private int[] offset;
        private long[] words;

        static Bitmap of(IndexSet set) {
            Bitmap bitmap = new Bitmap();
            bitmap.findIntervals(set);
            bitmap.fill(set);
            return bitmap;
        }

        private void findIntervals(IndexSet set) {
            ClassifiedRuns runs = new ClassifiedRuns(set);
            while (runs.advance()) {
                if (runs.isIsolated) {
                    isolatedLength += digits(runs.start) + 1;
                    if (runs.end != runs.start) {
                        isolatedLength += digits(runs.end) + 1;
                    }
                    continue;
                }
                int startWord = (int) (runs.start >>> 6);
                int endWord = (int) (runs.end >>> 6);
                // v - s is missing only for v < start + 64, v + s only for v > end - 64: one word either way.
                addCore(startWord, Math.min(startWord + 1, endWord));
                addCore(Math.max(endWord - 1, startWord), endWord);
            }
            offset = new int[intervals];
            int stored = 0;
            for (int i = 0; i < intervals; i++) {
                offset[i] = stored;
                stored += PAD_BEFORE + coreCount[i] + PAD_AFTER;
            }
            words = new long[stored];
        }

        /** Adds core words {@code [from, to]}; {@code from} never goes below the previous call's. */
        private void addCore(int from, int to) {
            if (intervals > 0) {
                int last = intervals - 1;
                int lastCore = firstCore[last] + coreCount[last] - 1;
                // Merge when the pads would touch: the words between are then stored anyway.
                boolean padsTouch = from - PAD_BEFORE <= lastCore + PAD_AFTER + 1;
                if (padsTouch) {
                    coreCount[last] = Math.max(lastCore, to) - firstCore[last] + 1;
                    return;
                }
            }
            if (intervals == firstCore.length) {
                firstCore = Arrays.copyOf(firstCore, intervals * 2);
                coreCount = Arrays.copyOf(coreCount, intervals * 2);
            }
            firstCore[intervals] = from;
            coreCount[intervals] = to - from + 1;
            intervals++;
        }

        /** Sets the bits of the runs that are not isolated, in the core and pad words of every interval. */
        private void fill(IndexSet set) {
            ClassifiedRuns runs = new ClassifiedRuns(set);
            int i = 0;
            while (i < intervals && runs.advance()) {
                if (runs.isIsolated) {
                    continue;
                }
                while (i < intervals && lastStoredValue(i) < runs.start) {
                    i++;
                }
                for (int j = i; j < intervals && firstStoredValue(j) <= runs.end; j++) {
                    long from = Math.max(runs.start, firstStoredValue(j));
                    long to = Math.min(runs.end, lastStoredValue(j));
                    long bitOffset = 64L * offset[j] - firstStoredValue(j);
                    setBits(from + bitOffset, to + bitOffset);
                }
            }
        }

        private long firstStoredValue(int interval) {
            return 64L * (firstCore[interval] - PAD_BEFORE);
        }

        private long lastStoredValue(int interval) {
            return 64L * (firstCore[interval] + coreCount[interval] + PAD_AFTER) - 1;
        }

        /** Sets bits {@code [from, to]} of {@link #words}. */
        private void setBits(long from, long to) {
            int first = (int) (from >>> 6);
            int last = (int) (to >>> 6);
            long firstMask = -1L << from; // shifts count mod 64
            long lastMask = -1L >>> (63 - (to & 63));
            if (first == last) {
                words[first] |= firstMask & lastMask;
                return;
            }
            words[first] |= firstMask;
            Arrays.fill(words, first + 1, last, -1L);
            words[last] |= lastMask;
        }

        /**
         * The text length for every step, indexed by step ({@code [0]} and {@code [1]} unused), in one pass over
         * the words: each word and its neighbours are read once and all the steps are counted while they are in
         * registers (a pass per step, reading the 1.2 MB of words of a million random indices 63 times, was
         * slower).
         *
         * <p>For each step, the indices where a progression starts ({@code v - s} missing) and those where one
         * ends without starting ({@code v + s} missing, {@code v - s} present) each write their digits and one
         * separator. An end with {@code v - 2s} present closes three or more, written {@code a-b:s}: it pays
         * {@code ":s"} too.
         */
        long[] textLengths() {
            long[] lengths = new long[MAX_STEP + 1];
            Arrays.fill(lengths, isolatedLength - 1); // no comma before the first part
            for (int i = 0; i < intervals; i++) {
                int firstCoreAt = offset[i] + PAD_BEFORE;
                long firstValue = 64L * firstCore[i]; // of word k
                int digits = digits(firstValue);
                long nextBand = tenToThe(digits); // the first value with more digits
                for (int k = firstCoreAt; k < firstCoreAt + coreCount[i]; k++, firstValue += 64) {
                    long here = words[k];
                    if (here == 0) {
                        continue;
                    }
                    while (firstValue >= nextBand) {
                        digits++;
                        nextBand *= 10;
                    }
                    boolean oneWidth = firstValue + 63 < nextBand;
                    long before = words[k - 1];
                    long twoWordsBefore = words[k - 2];
                    long after = words[k + 1];
                    long weight = oneWidth ? digits + 1 : 0; // 0: count bit by bit
                    // Java shifts a long by (distance mod 64), so each range of steps gets its own shifts.
                    for (int step = MIN_STEP; step < 32; step++) {
                        lengths[step] += length(step, here, here << step | before >>> (64 - step),
                                here >>> step | after << (64 - step), here << 2 * step | before >>> (64 - 2 * step),
                                weight, firstValue);
                    }
                    lengths[32] += length(32, here, here << 32 | before >>> 32, here >>> 32 | after << 32, before,
                            weight, firstValue);
                    for (int step = 33; step < 64; step++) {
                        lengths[step] += length(step, here, here << step | before >>> (64 - step),
                                here >>> step | after << (64 - step),
                                before << (2 * step - 64) | twoWordsBefore >>> (128 - 2 * step), weight, firstValue);
                    }
                    lengths[64] += length(64, here, before, after, twoWordsBefore, weight, firstValue);
                }
            }
            return lengths;
        }

        /**
         * What the indices of one word write for one step. Bit j of {@code hasBefore} tells whether the j-th
         * index of the word minus {@code step} is in the set; likewise {@code hasAfter} (plus step) and
         * {@code hasTwoBefore} (minus twice the step). {@code weight} is digits + 1 when all indices of the word
         * have the same number of digits, else 0.
         */
        private static long length(int step, long here, long hasBefore, long hasAfter, long hasTwoBefore,
                long weight, long firstValue) {
            // A start (no index before) or an end (none after) writes its digits and a separator; the others
            // are inside a progression and write nothing.
            long written = here & ~(hasBefore & hasAfter);
            long closesThree = here & hasBefore & ~hasAfter & hasTwoBefore;
            long digitsAndSeparators = weight != 0
                    ? Long.bitCount(written) * weight
                    : lengthBitByBit(written, firstValue);
            return digitsAndSeparators + (long) Long.bitCount(closesThree) * STEP_TEXT[step];
        }

        private static long lengthBitByBit(long bits, long firstValue) {
            long length = 0;
            for (long rest = bits; rest != 0; rest &= rest - 1) {
                length += digits(firstValue + Long.numberOfTrailingZeros(rest)) + 1;
            }
            return length;
        }
    }

    /** The runs of a set, each with whether it is isolated (see {@link Bitmap}). */
    private static final class ClassifiedRuns {
        private final IndexSet.RunCursor cursor;
        private boolean hasNext;
        private long previousEnd = Long.MIN_VALUE / 2;
        long start;
        long end;
        boolean isIsolated;

        ClassifiedRuns(IndexSet set) {
            cursor = set.runCursor();
            hasNext = cursor.advance();
        }

        boolean advance() {
            if (!hasNext) {
                return false;
            }
            start = cursor.start;
            end = cursor.end;
            hasNext = cursor.advance();
            long nextStart = hasNext ? cursor.start : Long.MAX_VALUE / 2;
            isIsolated = end - start <= 1 && start - previousEnd > MAX_STEP && nextStart - end > MAX_STEP;
            previousEnd = end;
            return true;
        }
    }

    /**
     * Visits, in ascending order, the indices less than {@code step} from either end of their run (the only ones
     * that can start or end a progression), telling for each whether it starts and whether it ends one.
     * Membership of {@code v - step} and {@code v + step} is read with cursors that trail the visit.
     */
    private static final class Neighbours {
        private final int step;
        private final IndexSet.RunCursor runs;
        private final Trailing before;
        private final Trailing after;
        private long next = 1; // the next value to visit
        private long headEnd; // the last value of the current run's head
        private long tailStart; // the first value of the current run's tail
        private long runEnd;
        int value;
        boolean isStart;
        boolean isEnd;

        Neighbours(IndexSet set, int step) {
            this.step = step;
            this.runs = set.runCursor();
            this.before = new Trailing(set);
            this.after = new Trailing(set);
        }

        boolean advance() {
            if (next > runEnd) {
                if (!runs.advance()) {
                    return false;
                }
                next = runs.start;
                runEnd = runs.end;
                headEnd = Math.min(runEnd, (long) runs.start + step - 1);
                tailStart = Math.max(headEnd + 1, runEnd - step + 1);
            } else if (next == headEnd + 1) {
                next = tailStart; // skip the middle of a long run: v - step and v + step are in the run
            }
            value = (int) next++;
            isStart = !before.contains((long) value - step);
            isEnd = !after.contains((long) value + step);
            return true;
        }
    }

    /** Membership for values asked in increasing order: a run cursor that only moves forward. */
    private static final class Trailing {
        private final IndexSet.RunCursor runs;
        private boolean hasRun = true;
        private long start;
        private long end = -1;

        Trailing(IndexSet set) {
            this.runs = set.runCursor();
        }

        boolean contains(long value) {
            while (hasRun && end < value) {
                hasRun = runs.advance();
                start = runs.start;
                end = runs.end;
            }
            return hasRun && start <= value;
        }
    }
}
