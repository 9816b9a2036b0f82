package dev.memescalate.slurm;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Interns the texts of one sacct column (states, exit codes, node lists) under small int ids, looked up straight from
 * a char range, so that a row costs no String when its text was seen before: a million-task answer has three million
 * rows but a few dozen states and exit codes and at most a few thousand node lists. Each new text is parsed once into
 * its value; a text that does not parse throws {@link IllegalArgumentException} and is not added. Not thread-safe;
 * read-only once the fold that fills it is done.
 *
 * @param <V> the parsed value of a text
 */
final class TextTable<V> {
    private final Function<String, V> parse;
    private String[] texts = new String[16];
    /** The same texts as char arrays, compared with {@link #sameText}. */
    private char[][] keys = new char[16][];
    private Object[] values = new Object[16];
    private int size;
    private int last = -1;
    /** Open addressing: id + 1 per slot, 0 for a free slot; at most half full. */
    private int[] slots = new int[32];

    TextTable(Function<String, V> parse) {
        this.parse = parse;
    }

    /**
     * The id of {@code chars[from, to)}, adding it (and parsing its value) when new. The id returned last is tried
     * first: consecutive rows mostly repeat a column (a task's rows share its node, most tasks share a state).
     */
    int intern(char[] chars, int from, int to) {
        if (last >= 0 && sameText(keys[last], chars, from, to)) {
            return last;
        }
        last = lookUp(chars, from, to);
        return last;
    }

    private int lookUp(char[] chars, int from, int to) {
        int hash = hash(chars, from, to);
        int mask = slots.length - 1;
        for (int at = hash & mask; ; at = (at + 1) & mask) {
            int id = slots[at] - 1;
            if (id < 0) {
                return add(new String(chars, from, to - from), at);
            }
            if (sameText(keys[id], chars, from, to)) {
                return id;
            }
        }
    }

    String text(int id) {
        return texts[id];
    }

    @SuppressWarnings("unchecked")
    V value(int id) {
        return (V) values[id];
    }

    int size() {
        return size;
    }

    private int add(String text, int freeSlot) {
        V value = parse.apply(text); // may throw: then nothing was added
        if (size == texts.length) {
            texts = Arrays.copyOf(texts, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int id = size++;
        texts[id] = text;
        keys[id] = text.toCharArray();
        values[id] = value;
        slots[freeSlot] = id + 1;
        if (2 * size > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            String text = texts[id];
            int at = hash(text) & mask;
            while (slots[at] != 0) {
                at = (at + 1) & mask;
            }
            slots[at] = id + 1;
        }
    }

    /**
     * Whether {@code key} is {@code chars[from, to)}. A plain loop: the texts are a few characters long, and the handler
     * runs with C1 only, which does not make {@link Arrays#equals(char[], int, int, char[], int, int)}'s range checks
     * and vectorised mismatch cheap (it was a fifth of the fold's time at a million tasks, where most look-ups miss
     * the last id: each task runs on another node).
     */
    private static boolean sameText(char[] key, char[] chars, int from, int to) {
        if (key.length != to - from) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != chars[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] chars, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + chars[i];
        }
        return spread(hash);
    }

    private static int hash(String text) {
        return spread(text.hashCode()); // String.hashCode is the same 31-polynomial over the chars
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
