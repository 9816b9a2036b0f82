package dev.memescalate.slurm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Interns the texts of one sacct column (states, exit codes, node lists) under small int ids, looked up straight from
 * a byte range (UTF-8, as sacct printed it), so that a row costs no String when its text was seen before: a million-task answer has three million
 * rows but a few dozen states and exit codes and at most a few thousand node lists. Each new text is parsed once into
 * its value; a text that does not parse throws {@link IllegalArgumentException} and is not added. Not thread-safe;
 * read-only once the fold that fills it is done.
 *
 * @param <V> the parsed value of a text
 */
final class TextTable<V> {
    private final Function<String, V> parse;
    private String[] texts = new String[16];
    /** The same texts as the bytes they were read from, compared with {@link #sameText}. */
    private byte[][] keys = new byte[16][];
    private Object[] values = new Object[16];
    private int size;
    private int last = -1;
    /** Open addressing: id + 1 per slot, 0 for a free slot; at most half full. */
    private int[] slots = new int[32];

    TextTable(Function<String, V> parse) {
        this.parse = parse;
    }

    /**
     * The id of {@code bytes[from, to)}, adding it (and parsing its value) when new. The id returned last is tried
     * first: consecutive rows mostly repeat a column (a task's rows share its node, most tasks share a state).
     */
    int intern(byte[] bytes, int from, int to) {
        if (last >= 0 && sameText(keys[last], bytes, from, to)) {
            return last;
        }
        last = lookUp(bytes, from, to);
        return last;
    }

    private int lookUp(byte[] bytes, int from, int to) {
        int hash = hash(bytes, from, to);
        int mask = slots.length - 1;
        for (int at = hash & mask; ; at = (at + 1) & mask) {
            int id = slots[at] - 1;
            if (id < 0) {
                return add(Arrays.copyOfRange(bytes, from, to), at);
            }
            if (sameText(keys[id], bytes, from, to)) {
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

    private int add(byte[] key, int freeSlot) {
        String text = new String(key, StandardCharsets.UTF_8);
        V value = parse.apply(text); // may throw: then nothing was added
        if (size == texts.length) {
            texts = Arrays.copyOf(texts, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        int id = size++;
        texts[id] = text;
        keys[id] = key;
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
            byte[] key = keys[id];
            int at = hash(key, 0, key.length) & mask;
            while (slots[at] != 0) {
                at = (at + 1) & mask;
            }
            slots[at] = id + 1;
        }
    }

    /**
     * Whether {@code key} is {@code bytes[from, to)}. A plain loop: the texts are a few characters long, and the handler
     * runs with C1 only, which does not make {@link Arrays#equals(byte[], int, int, byte[], int, int)}'s range checks
     * and vectorised mismatch cheap (it was a fifth of the fold's time at a million tasks, where most look-ups miss
     * the last id: each task runs on another node).
     */
    private static boolean sameText(byte[] key, byte[] bytes, int from, int to) {
        if (key.length != to - from) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != bytes[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        return spread(hash);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
