package dev.memescalate.store;

import dev.memescalate.indexset.IndexSet;
import java.util.PrimitiveIterator;

/**
 * The one place index sets are turned into column text and back: sorted runs, {@code "0-99,105,200-300"}; the
 * empty set is {@code ""}. A million consecutive indices take a few bytes; the worst case (every other index) is
 * about 7 bytes per index at a million. Swap this class to change the stored form; nothing else knows it.
 */
final class IndexSetCodec {
    private IndexSetCodec() {}

    static String encode(IndexSet set) {
        StringBuilder text = new StringBuilder();
        PrimitiveIterator.OfInt it = set.stream().iterator();
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

    /** Inverse of {@link #encode}; text that {@code encode} cannot have written is a corrupt store. */
    static IndexSet decode(String text) {
        if (text.isEmpty()) {
            return IndexSet.empty();
        }
        String[] runs = text.split(",", -1);
        int[] firsts = new int[runs.length];
        int[] lasts = new int[runs.length];
        long total = 0;
        for (int i = 0; i < runs.length; i++) {
            String run = runs[i];
            int dash = run.indexOf('-');
            firsts[i] = parseIndex(run.substring(0, dash < 0 ? run.length() : dash), text);
            lasts[i] = dash < 0 ? firsts[i] : parseIndex(run.substring(dash + 1), text);
            boolean ascending = lasts[i] >= firsts[i] && (i == 0 || firsts[i] > lasts[i - 1] + 1);
            if (!ascending) {
                throw corrupt(text, "runs must be ascending and separate, bad run '" + run + "'");
            }
            total += (long) lasts[i] - firsts[i] + 1;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw corrupt(text, "too many indices (" + total + ")");
        }
        int[] indices = new int[(int) total];
        int at = 0;
        for (int i = 0; i < runs.length; i++) {
            for (int index = firsts[i]; index <= lasts[i]; index++) {
                indices[at++] = index;
            }
        }
        return IndexSet.of(indices);
    }

    private static int parseIndex(String digits, String text) {
        boolean allDigits = !digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!allDigits) {
            throw corrupt(text, "'" + digits + "' is not an index");
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw corrupt(text, "'" + digits + "' is out of range");
        }
    }

    private static StoreException corrupt(String text, String what) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new StoreException("corrupt index set in the store: " + what + " (in \"" + shown + "\")");
    }
}
