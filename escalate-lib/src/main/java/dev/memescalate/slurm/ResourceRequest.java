package dev.memescalate.slurm;

import java.util.List;

/**
 * What one job of a ladder level (or the handler) will ask Slurm for, for the pre-flight {@link ResourceCheck}.
 *
 * @param label how messages name the requester, e.g. {@code "level 2"} or {@code "handler"}
 * @param partitions the partitions of {@code -p}, in order; empty means the cluster's default partition
 * @param memoryMb {@code --mem} in MB
 * @param timeSeconds {@code --time} in seconds (Slurm rounds it up to whole minutes)
 */
public record ResourceRequest(String label, List<String> partitions, long memoryMb, long timeSeconds) {
    public ResourceRequest {
        partitions = List.copyOf(partitions);
        if (memoryMb <= 0) {
            throw new IllegalArgumentException(label + ": memoryMb must be > 0, got " + memoryMb);
        }
        if (timeSeconds <= 0) {
            throw new IllegalArgumentException(label + ": timeSeconds must be > 0, got " + timeSeconds);
        }
    }

    /** The time as slurmctld applies it: whole minutes, rounded up. */
    public long minutesRoundedUp() {
        return (timeSeconds + 59) / 60;
    }
}
