package dev.memescalate.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys and names: the closest candidate by edit distance, if it is close enough. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate nearest to {@code typed}, when at most a third of its letters (and at least 1) differ. */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String lower = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, lower.length() / 3);
        return candidates.stream()
                .min(Comparator.comparingInt(c -> distance(lower, c.toLowerCase(Locale.ROOT))))
                .filter(c -> distance(lower, c.toLowerCase(Locale.ROOT)) <= allowed);
    }

    /** {@code "; did you mean 'x'?"}, or empty text when nothing is close. */
    public static String didYouMean(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
