package dev.memescalate.slurm;

import java.util.List;
import java.util.Set;

/**
 * One node as {@code scontrol show node -o} describes it.
 *
 * @param name NodeName
 * @param realMemoryMb RealMemory: what a job on this node can ask for, in MB
 * @param cpus CPUTot
 * @param state State, e.g. IDLE, MIXED, ALLOCATED, DOWN+NOT_RESPONDING, IDLE+DRAIN
 * @param partitions the partitions this node belongs to (the node's Partitions field)
 * @param features AvailableFeatures: what {@code --constraint} can ask for
 * @param gres Gres: the generic resources {@code --gres} can ask for
 */
public record NodeInfo(String name, long realMemoryMb, int cpus, String state, List<String> partitions,
        Set<String> features, List<Gres> gres) {
    public NodeInfo {
        partitions = List.copyOf(partitions);
        features = Set.copyOf(features);
        gres = List.copyOf(gres);
    }

    /** A node without features or generic resources. */
    public NodeInfo(String name, long realMemoryMb, int cpus, String state, List<String> partitions) {
        this(name, realMemoryMb, cpus, state, partitions, Set.of(), List.of());
    }
}
