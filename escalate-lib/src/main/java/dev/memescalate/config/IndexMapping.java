package dev.memescalate.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The config's {@code index_mapping}: whether a round whose indices Slurm cannot take in one array is submitted as
 * {@code --array=0-(n-1)} with an index map (each task finds its real index in it) instead of several arrays.
 */
public enum IndexMapping {
    /** Renumber a round when its indices would need more arrays than renumbered ones, or any index is at or above
     * MaxArraySize (the default). */
    AUTO,
    /** Never renumber: split into several arrays as the original tool did; indices at or above MaxArraySize are
     * refused. */
    NEVER,
    /** Renumber every round whose indices are not already {@code 0-(n-1)}. */
    ALWAYS;

    /** The value as written in a config ({@code auto}). */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code auto}, {@code never} or {@code always}; empty for anything else. */
    public static Optional<IndexMapping> fromConfig(String text) {
        for (IndexMapping m : values()) {
            if (m.configValue().equals(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
