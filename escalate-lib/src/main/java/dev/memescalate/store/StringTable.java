package dev.memescalate.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The strings of one stored block, each kept once and referred to by number: states, job ids, nodes, reasons and
 * outcome names repeat from task to task, so a block of thousands of attempts holds a few dozen strings.
 */
final class StringTable {
    private final Map<String, Integer> refs = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    /** The number of {@code text} in this table, adding it if new. */
    int ref(String text) {
        Integer ref = refs.get(text);
        if (ref == null) {
            ref = strings.size();
            refs.put(text, ref);
            strings.add(text);
        }
        return ref;
    }

    /** The count, then each string (see {@link BlockBytes}). */
    void writeTo(BlockBytes.Out out) {
        out.varint(strings.size());
        for (String text : strings) {
            out.string(text);
        }
    }

    /** What {@link #writeTo} wrote: the strings by number. */
    static String[] read(BlockBytes.In in) {
        String[] strings = new String[in.varintInt()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = in.string();
        }
        return strings;
    }

    /** {@code strings[ref]}, or a clear error for a reference the block's table does not have. */
    static String at(String[] strings, int ref) {
        if (ref < 0 || ref >= strings.length) {
            throw BlockBytes.In.corrupt("string " + ref + " of a table of " + strings.length);
        }
        return strings[ref];
    }
}
