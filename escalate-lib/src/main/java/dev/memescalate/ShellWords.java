package dev.memescalate;

/** How arguments are shown to people: shell-style quoting for display only (they are passed as lists, never run). */
public final class ShellWords {
    private ShellWords() {
    }

    /** {@code plain-word} as it is; anything else in single quotes: {@code 'two words'}, {@code 'it'\''s'}. */
    public static String quote(String arg) {
        boolean plain = !arg.isEmpty()
                && arg.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || "-_=/.,:%@+".indexOf(ch) >= 0);
        return plain ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
