package dev.memescalate.indexset;

import dev.memescalate.InvalidInputException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The parser behind {@link ArraySpec#parse}: a hand-written scanner (no regex, no split) so that a spec naming a
 * million indices parses in milliseconds.
 *
 * <p>Slurm's grammar (slurmctld {@code _parse_array_tok}, 22.05): the value is comma-separated parts, each
 * {@code N}, {@code N-M} or {@code N-M:S}, optionally followed by one {@code %T} throttle. Slurm rejects a
 * negative index, {@code M < N}, {@code S <= 0}, a step without a range ({@code 5:2}) and any index
 * {@code >= MaxArraySize}. Parts may come in any order and may overlap; one pair of enclosing brackets is
 * accepted ({@code [0-19]%2}, {@code [4-9%4]}). We are stricter than Slurm in two
 * places, both to catch typos: an empty part ({@code 1,,2}, which Slurm's strtok skips) and throttle 0 are
 * rejected.
 */
final class ArraySpecParser {
    /** Longest quote of the user's input inside an error message. */
    private static final int QUOTE_LIMIT = 60;
    private static final String GRAMMAR = "write an index (7), a range (0-99) or a range with a step (0-99:3)";

    private final String text;
    private final String label;
    private final boolean listSyntax;
    private final int maxArraySize;
    private long[] runs = new long[16];
    private int runCount;
    private boolean runsSorted = true;

    /**
     * @param label what the text is, for messages ("array spec", "indices")
     * @param listSyntax true for a human list: commas and any whitespace separate parts, empty parts are skipped,
     *     no throttle; false for Slurm's exact {@code --array} syntax
     * @param maxArraySize every index must be below this
     */
    private ArraySpecParser(String text, String label, boolean listSyntax, int maxArraySize) {
        this.text = text;
        this.label = label;
        this.listSyntax = listSyntax;
        this.maxArraySize = maxArraySize;
    }

    static ArraySpec parseSpec(String spec, int maxArraySize) {
        ArraySpecParser parser = new ArraySpecParser(spec, "array spec", false, maxArraySize);
        // Slurm strips "[" and "]" around index lists, and people copy the bracketed forms from sbatch examples
        // ("[0-19]%2") and from sacct/squeue ("123_[4-9%4]" -> "[4-9%4]"); accept one enclosing pair.
        String unbracketed = stripBrackets(spec);
        boolean wasEnclosed = unbracketed.length() != spec.length();
        int percent = unbracketed.indexOf('%');
        String body = percent < 0 ? unbracketed : unbracketed.substring(0, percent);
        if (!wasEnclosed && percent >= 0) {
            body = stripBrackets(body);
        }
        OptionalInt throttle = percent < 0
                ? OptionalInt.empty()
                : OptionalInt.of(parser.throttle(unbracketed.substring(percent + 1)));
        parser.parseParts(body);
        return new ArraySpec(parser.toIndexSet(), throttle);
    }

    private static String stripBrackets(String s) {
        boolean enclosed = s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
        return enclosed ? s.substring(1, s.length() - 1) : s;
    }

    static IndexSet parseList(String text, int maxArraySize) {
        ArraySpecParser parser = new ArraySpecParser(text, "indices", true, maxArraySize);
        parser.parseParts(text);
        return parser.toIndexSet();
    }

    private int throttle(String digits) {
        long value = allDigits(digits) ? parseNumber(digits) : -1;
        if (value < 1) {
            throw fail("throttle \"%" + digits + "\" must be a whole number of at least 1 after a single %, like"
                    + " 0-99%10 (leave out %N for no limit)");
        }
        return (int) value;
    }

    private void parseParts(String body) {
        if (body.isBlank() && !listSyntax) {
            throw fail("it names no indices; " + GRAMMAR + ", and separate parts with commas");
        }
        int partNumber = 0;
        int pos = 0;
        int length = body.length();
        while (pos <= length) {
            int end = pos;
            while (end < length && !isSeparator(body.charAt(end))) {
                end++;
            }
            partNumber++;
            if (end == pos) {
                if (!listSyntax) {
                    throw fail("part " + partNumber + " is empty (two commas in a row, or a comma at an end); "
                            + "remove the extra comma");
                }
            } else {
                parsePart(body.substring(pos, end));
            }
            pos = end + 1;
        }
        if (runCount == 0) {
            throw fail("it names no indices; " + GRAMMAR);
        }
    }

    private boolean isSeparator(char c) {
        return c == ',' || (listSyntax && Character.isWhitespace(c));
    }

    private void parsePart(String part) {
        if (part.startsWith("-")) {
            throw fail("part \"" + part + "\": indices cannot be negative; array indices start at 0");
        }
        int colon = part.indexOf(':');
        String range = colon < 0 ? part : part.substring(0, colon);
        int dash = range.indexOf('-');
        String firstText = dash < 0 ? range : range.substring(0, dash);
        String lastText = dash < 0 ? range : range.substring(dash + 1);
        String stepText = colon < 0 ? "1" : part.substring(colon + 1);
        boolean wellFormed = allDigits(firstText) && allDigits(lastText) && allDigits(stepText);
        if (!wellFormed) {
            throw fail("part \"" + part + "\" is not valid; " + GRAMMAR);
        }
        if (colon >= 0 && dash < 0) {
            throw fail("part \"" + part + "\": a step needs a range; write it as " + firstText + "-<last>:" + stepText);
        }
        long first = parseNumber(firstText);
        long last = parseNumber(lastText);
        long step = parseNumber(stepText);
        if (last < first) {
            throw fail("range " + range + " is backwards; write it as " + lastText + "-" + firstText);
        }
        if (step < 1) {
            throw fail("part \"" + part + "\": the step must be at least 1");
        }
        checkIndex(last, lastText, part);
        if (step == 1) {
            addRun((int) first, (int) last);
        } else {
            for (long i = first; i <= last; i += step) {
                addRun((int) i, (int) i);
            }
        }
    }

    /** @param digits the index as written: {@link #parseNumber} saturates, so a huge one is shown as typed */
    private void checkIndex(long index, String digits, String part) {
        if (index > ArraySpec.SLURM_MAX_INDEX) {
            throw fail("index " + digits.replaceFirst("^0+(?=.)", "") + " in \"" + part + "\" is too large: Slurm never accepts an index above "
                    + ArraySpec.SLURM_MAX_INDEX + " (MaxArraySize is at most " + (ArraySpec.SLURM_MAX_INDEX + 1) + ")");
        }
        if (index >= maxArraySize) {
            throw fail("index " + index + " in \"" + part + "\" is not below MaxArraySize " + maxArraySize
                    + "; the highest index this cluster accepts is " + (maxArraySize - 1));
        }
    }

    private void addRun(int first, int last) {
        if (runCount == runs.length) {
            runs = Arrays.copyOf(runs, runCount * 2);
        }
        long key = ((long) first << 32) | last;
        if (runCount > 0 && key < runs[runCount - 1]) {
            runsSorted = false;
        }
        runs[runCount++] = key;
    }

    private IndexSet toIndexSet() {
        if (!runsSorted) {
            // Slurm accepts parts in any order and overlapping: sort by start, the builder merges overlaps.
            Arrays.sort(runs, 0, runCount);
        }
        IndexSet.Builder builder = IndexSet.builder();
        for (int i = 0; i < runCount; i++) {
            builder.addRange((int) (runs[i] >>> 32), (int) runs[i]);
        }
        return builder.build();
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digits only; saturates instead of overflowing, so a huge number is reported as too large. */
    private static long parseNumber(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = Math.min(value * 10 + (digits.charAt(i) - '0'), Long.MAX_VALUE / 20);
        }
        return value;
    }

    private InvalidInputException fail(String problem) {
        return new InvalidInputException(label + " \"" + quote(text) + "\": " + problem);
    }

    private static String quote(String s) {
        return s.length() <= QUOTE_LIMIT ? s : s.substring(0, QUOTE_LIMIT) + "...";
    }
}
