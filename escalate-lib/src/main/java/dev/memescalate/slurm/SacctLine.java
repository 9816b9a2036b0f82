package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.List;

/** Splitting one line of parsable sacct output. */
final class SacctLine {
    private SacctLine() {}

    /**
     * Splits on every occurrence of the (possibly multi-character) delimiter, keeping empty fields: {@code a||b} is
     * three fields. A literal split, not a regular expression, so {@code |} and {@code ^|^} need no escaping.
     */
    static List<String> split(String line, String delimiter) {
        List<String> fields = new ArrayList<>(16);
        int from = 0;
        int at;
        while ((at = line.indexOf(delimiter, from)) >= 0) {
            fields.add(line.substring(from, at));
            from = at + delimiter.length();
        }
        fields.add(line.substring(from));
        return fields;
    }
}
