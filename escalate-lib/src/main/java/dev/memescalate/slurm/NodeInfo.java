package dev.memescalate.slurm;

import java.util.List;

/**
 * One node as {@code scontrol show node -o} describes it.
 *
 * @param name NodeName
 * @param realMemoryMb RealMemory: what a job on this node can ask for, in MB
 * @param cpus CPUTot
 * @param state State, e.g. IDLE, MIXED, ALLOCATED, DOWN+NOT_RESPONDING, IDLE+DRAIN
 * @param partitions the partitions this node belongs to (the node's Partitions field)
 */
public record NodeInfo(String name, long realMemoryMb, int cpus, String state, List<String> partitions) {
    public NodeInfo {
        partitions = List.copyOf(partitions);
    }
}
