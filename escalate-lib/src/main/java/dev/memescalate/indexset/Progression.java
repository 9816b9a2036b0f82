package dev.memescalate.indexset;

/**
 * One part of an {@code --array} spec: {@code first}, {@code first-last} or {@code first-last:step}. {@code last}
 * is always on the progression ({@code first + k * step}), so the text names exactly the indices it covers.
 */
record Progression(int first, int last, int step) {
    Progression {
        if (first < 0 || last < first || step < 1 || (last - first) % step != 0) {
            throw new IllegalArgumentException("not a progression: " + first + "-" + last + ":" + step);
        }
    }

    /** Length of the text {@link #appendTo} writes. */
    int textLength() {
        return textLength(first, last, step);
    }

    static int textLength(int first, int last, int step) {
        if (first == last) {
            return digits(first);
        }
        int range = digits(first) + 1 + digits(last);
        return step == 1 ? range : range + 1 + digits(step);
    }

    void appendTo(StringBuilder out) {
        out.append(first);
        if (last != first) {
            out.append('-').append(last);
            if (step != 1) {
                out.append(':').append(step);
            }
        }
    }

    /** Decimal digits of a non-negative int. */
    static int digits(int value) {
        int digits = 1;
        for (long bound = 10; bound <= value; bound *= 10) {
            digits++;
        }
        return digits;
    }
}
