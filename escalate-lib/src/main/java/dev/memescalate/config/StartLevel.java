package dev.memescalate.config;

import java.util.Locale;

/**
 * Where a chain's tasks start: a fixed level ({@code --start-level=2}), or learned ({@code auto}): each task at the
 * level where it last completed in an earlier chain of the same script, 0 when it has none.
 *
 * @param learned true for {@code auto}
 * @param level the fixed level; 0 when learned
 */
public record StartLevel(boolean learned, int level) {
    /** How {@code auto} is written, on the command line and in a config. */
    public static final String AUTO = "auto";

    /** A fixed level may be outside the ladder here: submit says so, naming the option. */
    public StartLevel {
        if (learned && level != 0) {
            throw new IllegalArgumentException("a learned start level has no fixed level, got " + level);
        }
    }

    public static StartLevel fixed(int level) {
        return new StartLevel(false, level);
    }

    public static StartLevel auto() {
        return new StartLevel(true, 0);
    }

    /**
     * {@code auto} (any case) or a whole number.
     *
     * @throws IllegalArgumentException with the reason, for anything else
     */
    public static StartLevel parse(String text) {
        String t = text.strip();
        if (t.toLowerCase(Locale.ROOT).equals(AUTO)) {
            return auto();
        }
        if (!t.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("'" + text + "' is neither a level number nor '" + AUTO + "'");
        }
        return fixed(Integer.parseInt(t));
    }

    @Override
    public String toString() {
        return learned ? AUTO : Integer.toString(level);
    }
}
