package dev.memescalate.indexset;

import java.util.List;

/** Writes index sets as Slurm {@code --array} text (without a throttle: callers append {@code %N}). */
public final class ArraySpecs {
    private ArraySpecs() {
    }

    /**
     * The shortest spec we can find that names exactly {@code indices}: runs as {@code a-b}, progressions as
     * {@code a-b:s}, interleaved progressions as several parts (Slurm accepts overlapping parts in any order; we
     * write them ordered by first index). Three candidates, the shortest kept, ties going to the first:
     * <ol>
     *   <li>{@link #formatRuns}, the readable form (never longer than the plain comma list);</li>
     *   <li>{@link ProgressionCover}, a greedy cover with progressions of any step, shortest on most sets;</li>
     *   <li>{@link ResidueCover}, the indices of each residue mod {@code s} as progressions of step {@code s}
     *       broken at the gaps, for the best {@code s} from 2 to 64: what the original Python tool writes, and
     *       shorter than the greedy on blocks with gaps ({@code 5-9,15-19,...} minus a few).</li>
     * </ol>
     * So never longer than any of these. Linear-ish in the number of indices: about a second for a scattered
     * million, nearly all of it in the greedy cover.
     *
     * @throws IllegalArgumentException if {@code indices} is empty: Slurm has no spec for no tasks
     */
    public static String compress(IndexSet indices) {
        requireNonEmpty(indices);
        String runs = formatRuns(indices);
        List<Progression> parts = ProgressionCover.cover(indices);
        long coverLength = parts.size() - 1L;
        for (Progression part : parts) {
            coverLength += part.textLength();
        }
        ResidueCover.Shortest residues = ResidueCover.shortest(indices);
        boolean residuesAreShortest = residues.length() < runs.length() && residues.length() < coverLength;
        if (residuesAreShortest) {
            return ResidueCover.format(indices, residues.step());
        }
        if (coverLength >= runs.length()) {
            return runs;
        }
        StringBuilder out = new StringBuilder((int) coverLength);
        for (Progression part : parts) {
            if (out.length() > 0) {
                out.append(',');
            }
            part.appendTo(out);
        }
        return out.toString();
    }

    /**
     * The canonical, most readable spec: maximal runs in ascending order, {@code a-b} for a run of three or more,
     * {@code a,b} for two, {@code a} for one. Deterministic, so it is the form to show people and store.
     */
    public static String formatRuns(IndexSet indices) {
        requireNonEmpty(indices);
        return abbreviate(indices, Integer.MAX_VALUE); // a limit no text reaches: never cut
    }

    /**
     * The runs form cut to about {@code maxLength} characters with {@code ",..."} when longer: for error messages
     * about sets that may hold a million indices. Works on the empty set too ({@code ""}).
     */
    public static String abbreviate(IndexSet indices, int maxLength) {
        StringBuilder out = new StringBuilder();
        IndexSet.RunCursor runs = indices.runCursor();
        while (runs.advance()) {
            if (out.length() >= maxLength) {
                return out.append(",...").toString();
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(runs.start);
            if (runs.end != runs.start) {
                out.append(runs.end == runs.start + 1 ? ',' : '-').append(runs.end);
            }
        }
        return out.toString();
    }

    /** Length of the plain comma list of every index ({@code 0,1,2,...}): the upper bound for any spec. */
    public static long plainListLength(IndexSet indices) {
        long length = indices.isEmpty() ? 0 : indices.size() - 1L;
        IndexSet.RunCursor runs = indices.runCursor();
        while (runs.advance()) {
            // Sum the digits band by band (1-9, 10-99, ...), so a run of a billion costs ten steps.
            long bandLow = 1;
            for (int digits = 1; digits <= 10; digits++, bandLow *= 10) {
                long from = Math.max(runs.start, digits == 1 ? 0 : bandLow);
                long to = Math.min(runs.end, bandLow * 10 - 1);
                if (from <= to) {
                    length += digits * (to - from + 1);
                }
            }
        }
        return length;
    }

    private static void requireNonEmpty(IndexSet indices) {
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("an empty index set has no --array spec");
        }
    }
}
