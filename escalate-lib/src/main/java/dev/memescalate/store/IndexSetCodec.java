package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import java.util.PrimitiveIterator;

/**
 * The one place index sets are turned into column text and back: sorted runs, {@code "0-99,105,200-300"}; the
 * empty set is {@code ""}. A million consecutive indices take a few bytes; the worst case (every other index) is
 * about 7 bytes per index at a million. Swap this class to change the stored form; nothing else knows it.
 *
 * <p>Not {@link dev.memescalate.indexset.ArraySpecs#formatRuns} and {@code ArraySpec.parseIndexList}: formatRuns
 * writes a run of two as {@code 7,8} where stores already hold {@code 7-8}, and parseIndexList is a lenient parser
 * for people (any order, overlaps, steps, whitespace; indices only up to Slurm's 4,000,000; errors are the user's,
 * exit 2), where a stored set that is not exactly what {@code encode} wrote is a corrupt store.
 */
final class IndexSetCodec {
    private IndexSetCodec() {}

    static String encode(IndexSet set) {
        StringBuilder text = new StringBuilder();
        PrimitiveIterator.OfInt it = set.iterator();
        if (!it.hasNext()) {
            return "";
        }
        int runStart = it.nextInt();
        int runEnd = runStart;
        while (it.hasNext()) {
            int next = it.nextInt();
            if (next == runEnd + 1) {
                runEnd = next;
            } else {
                appendRun(text, runStart, runEnd);
                runStart = next;
                runEnd = next;
            }
        }
        appendRun(text, runStart, runEnd);
        return text.toString();
    }

    private static void appendRun(StringBuilder text, int first, int last) {
        if (text.length() > 0) {
            text.append(',');
        }
        text.append(first);
        if (last != first) {
            text.append('-').append(last);
        }
    }

    /**
     * Inverse of {@link #encode}; text that {@code encode} cannot have written is a corrupt store. A scanner (no
     * split, no substrings) feeding runs straight into an {@link IndexSet.Builder}, so the cost is per run, not per
     * index: a million runs decode in about 0.1 s, one run of four million indices at once.
     */
    static IndexSet decode(String text) {
        if (text.isEmpty()) {
            return IndexSet.empty();
        }
        IndexSet.Builder builder = IndexSet.builder();
        long previousLast = -2;
        int runStart = 0;
        while (runStart <= text.length()) {
            int comma = text.indexOf(',', runStart);
            int runEnd = comma < 0 ? text.length() : comma;
            int dash = runStart;
            while (dash < runEnd && text.charAt(dash) != '-') {
                dash++;
            }
            boolean isRange = dash < runEnd;
            int first = parseIndex(text, runStart, isRange ? dash : runEnd);
            int last = isRange ? parseIndex(text, dash + 1, runEnd) : first;
            boolean ascendingAndSeparate = last >= first && first > previousLast + 1;
            if (!ascendingAndSeparate) {
                throw corrupt(text, "runs must be ascending and separate, bad run '"
                        + text.substring(runStart, runEnd) + "'");
            }
            builder.addRange(first, last);
            previousLast = last;
            runStart = runEnd + 1;
        }
        return builder.build();
    }

    /** The index written in {@code text[from, to)}: digits only, at most {@link IndexSet#MAX_INDEX}. */
    private static int parseIndex(String text, int from, int to) {
        long index = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw corrupt(text, "'" + text.substring(from, to) + "' is not an index");
            }
            index = Math.min(index * 10 + (c - '0'), IndexSet.MAX_INDEX + 1L);
        }
        if (from == to) {
            throw corrupt(text, "'' is not an index");
        }
        if (index > IndexSet.MAX_INDEX) {
            throw corrupt(text, "'" + text.substring(from, to) + "' is out of range");
        }
        return (int) index;
    }

    private static StoreException corrupt(String text, String what) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new StoreException("corrupt index set in the store: " + what + " (in \"" + shown + "\")");
    }
}
