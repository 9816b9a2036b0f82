package dev.memescalate.ladder;

import java.util.List;
import java.util.Objects;

/**
 * One rung of the escalation ladder: where and with what a round at this level runs. Levels count from 0.
 *
 * @param options what the level asks for besides partition, memory and time (its effective options, inherited ones
 *     included)
 */
public record Level(int number, List<String> partitions, MemorySize mem, TimeLimit time, LevelOptions options) {
    public Level {
        if (number < 0) {
            throw new IllegalArgumentException("level number must be >= 0, got " + number);
        }
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("level " + number + " has no partition");
        }
        Objects.requireNonNull(options, "options");
    }

    /** A level of partition, memory and time only. */
    public Level(int number, List<String> partitions, MemorySize mem, TimeLimit time) {
        this(number, partitions, mem, time, LevelOptions.NONE);
    }

    /** The {@code --partition} value: Slurm takes a comma list and runs the job in the first that can. */
    public String partitionList() {
        return String.join(",", partitions);
    }
}
