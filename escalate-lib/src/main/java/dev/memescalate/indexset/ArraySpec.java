package dev.memescalate.indexset;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A parsed Slurm {@code --array} value: the indices and the optional {@code %N} throttle (at most N tasks of the
 * array run at once).
 *
 * <p>Syntax (Slurm 22.05): comma-separated parts {@code N}, {@code N-M} or {@code N-M:S} in any order, possibly
 * overlapping, then optionally {@code %N}; e.g. {@code 0-15:4,20,30-40%5}. Invalid input throws
 * {@link dev.memescalate.InvalidInputException} naming the bad part and what is allowed.
 */
public record ArraySpec(IndexSet indices, OptionalInt throttle) {
    /**
     * The highest index Slurm can ever accept: MaxArraySize may be at most 4000001 (slurm.conf(5)) and every
     * index must be below it. Specs are checked against this even when the cluster's MaxArraySize is unknown.
     */
    public static final int SLURM_MAX_INDEX = 4_000_000;

    public ArraySpec {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(throttle, "throttle");
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("an array spec needs at least one index");
        }
        if (throttle.isPresent() && throttle.getAsInt() < 1) {
            throw new IllegalArgumentException("throttle must be at least 1, got " + throttle.getAsInt());
        }
    }

    /** Parses Slurm's {@code --array} syntax, accepting any index Slurm could ever accept. */
    public static ArraySpec parse(String spec) {
        return ArraySpecParser.parseSpec(spec, SLURM_MAX_INDEX + 1);
    }

    /** Parses Slurm's {@code --array} syntax and also rejects any index {@code >= maxArraySize}, as slurmctld does. */
    public static ArraySpec parse(String spec, int maxArraySize) {
        return ArraySpecParser.parseSpec(spec, maxArraySize);
    }

    /**
     * Parses a list a person typed or a file holds: the same parts as a spec ({@code 7}, {@code 0-99},
     * {@code 0-99:3}), separated by commas and/or any whitespace (newlines included); no throttle.
     */
    public static IndexSet parseIndexList(String text, int maxArraySize) {
        return ArraySpecParser.parseList(text, maxArraySize);
    }

    /** The shortest spec for the indices (see {@link ArraySpecs#compress}), then the throttle if any. */
    public String format() {
        return ArraySpecs.compress(indices) + throttleSuffix(throttle);
    }

    /** {@code "%N"} for a throttle of N, {@code ""} for none: the text Slurm counts in its 4096-character limit. */
    public static String throttleSuffix(OptionalInt throttle) {
        return throttle.isPresent() ? "%" + throttle.getAsInt() : "";
    }
}
