package dev.memescalate.ladder;

import java.util.List;

/** One rung of the escalation ladder: where and with what a round at this level runs. Levels count from 0. */
public record Level(int number, List<String> partitions, MemorySize mem, TimeLimit time) {
    public Level {
        if (number < 0) {
            throw new IllegalArgumentException("level number must be >= 0, got " + number);
        }
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("level " + number + " has no partition");
        }
    }

    /** The {@code --partition} value: Slurm takes a comma list and runs the job in the first that can. */
    public String partitionList() {
        return String.join(",", partitions);
    }
}
