package dev.memescalate.ladder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a separate {@code memory:} or {@code time:} ladder ({@link SeparateLadders}): its value, the partitions
 * it may run in when it has a rule of its own, and the options it asks for.
 *
 * @param value the step's memory ({@link MemorySize}) or time ({@link TimeLimit})
 * @param partitions the step's partition rule, in the order Slurm should try them; empty when the step has none (it
 *     allows any partition the other step of a pair allows)
 * @param options what the step asks for besides its value (a qos for long time steps, a constraint for large memory
 *     steps): its own, or the step's below it in its list; {@link LevelOptions#NONE} when no step up to it sets any
 */
public record Step<T extends Comparable<T>>(T value, Optional<List<String>> partitions, LevelOptions options) {
    public Step {
        Objects.requireNonNull(value, "value");
        partitions = partitions.map(List::copyOf);
        if (partitions.isPresent() && partitions.get().isEmpty()) {
            throw new IllegalArgumentException("a step's partition rule names at least one partition");
        }
        Objects.requireNonNull(options, "options");
    }

    /** A step without options of its own. */
    public Step(T value, Optional<List<String>> partitions) {
        this(value, partitions, LevelOptions.NONE);
    }

    /** A step without a partition rule. */
    public static <T extends Comparable<T>> Step<T> of(T value) {
        return new Step<>(value, Optional.empty());
    }

    /** A step that runs only in {@code partitions}. */
    public static <T extends Comparable<T>> Step<T> of(T value, List<String> partitions) {
        return new Step<>(value, Optional.of(partitions));
    }
}
