package dev.memescalate.slurm;

import java.util.List;
import java.util.Optional;

/**
 * What one job of a ladder level (or the handler) will ask Slurm for, for the pre-flight {@link ResourceCheck}.
 *
 * @param label how messages name the requester, e.g. {@code "level 2"} or {@code "handler"}
 * @param partitions the partitions of {@code -p}, in order; empty means the cluster's default partition
 * @param memoryMb {@code --mem} in MB
 * @param timeSeconds {@code --time} in seconds (Slurm rounds it up to whole minutes)
 * @param cpusPerTask {@code --cpus-per-task}, when asked for (else Slurm's 1)
 * @param gres {@code --gres}, when asked for
 * @param constraint {@code --constraint}, when asked for
 * @param qos {@code --qos}, when asked for
 * @param nodelist {@code --nodelist}, expanded, when asked for
 */
public record ResourceRequest(
        String label,
        List<String> partitions,
        long memoryMb,
        long timeSeconds,
        Optional<Asked<Integer>> cpusPerTask,
        Optional<Asked<List<Gres>>> gres,
        Optional<Asked<FeatureExpression>> constraint,
        Optional<Asked<String>> qos,
        Optional<Asked<List<String>>> nodelist) {
    public ResourceRequest {
        partitions = List.copyOf(partitions);
        if (memoryMb <= 0) {
            throw new IllegalArgumentException(label + ": memoryMb must be > 0, got " + memoryMb);
        }
        if (timeSeconds <= 0) {
            throw new IllegalArgumentException(label + ": timeSeconds must be > 0, got " + timeSeconds);
        }
    }

    /** A request of partition, memory and time only. */
    public ResourceRequest(String label, List<String> partitions, long memoryMb, long timeSeconds) {
        this(label, partitions, memoryMb, timeSeconds, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The same request, named otherwise in messages. */
    public ResourceRequest withLabel(String newLabel) {
        return new ResourceRequest(newLabel, partitions, memoryMb, timeSeconds, cpusPerTask, gres, constraint, qos,
                nodelist);
    }

    /** The time as slurmctld applies it: whole minutes, rounded up. */
    public long minutesRoundedUp() {
        return (timeSeconds + 59) / 60;
    }

    /** CPUs per task as Slurm gives them: the asked number, else 1. */
    public int cpus() {
        return cpusPerTask.map(Asked::value).orElse(1);
    }
}
