package dev.memescalate.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One partition as {@code scontrol show partition -o} describes it.
 *
 * @param name PartitionName
 * @param isDefault Default=YES: the partition a job without {@code -p} goes to
 * @param state State: UP, DOWN (queues but does not start jobs), DRAIN, INACTIVE
 * @param maxTime MaxTime; empty when UNLIMITED/INFINITE
 * @param defaultTime DefaultTime; empty when NONE (the job then gets MaxTime)
 * @param nodeNames the Nodes hostlist, expanded
 * @param maxMemPerNodeMb MaxMemPerNode in MB; empty when UNLIMITED or not set
 * @param maxCpusPerNode MaxCPUsPerNode: the most CPUs a job gets on one node of this partition; empty when UNLIMITED
 */
public record PartitionInfo(
        String name,
        boolean isDefault,
        String state,
        Optional<Duration> maxTime,
        Optional<Duration> defaultTime,
        List<String> nodeNames,
        OptionalLong maxMemPerNodeMb,
        OptionalInt maxCpusPerNode) {

    public PartitionInfo {
        nodeNames = List.copyOf(nodeNames);
    }

    /** A partition without a MaxCPUsPerNode. */
    public PartitionInfo(String name, boolean isDefault, String state, Optional<Duration> maxTime,
            Optional<Duration> defaultTime, List<String> nodeNames, OptionalLong maxMemPerNodeMb) {
        this(name, isDefault, state, maxTime, defaultTime, nodeNames, maxMemPerNodeMb, OptionalInt.empty());
    }

    /** True when State=UP: jobs are accepted and started. */
    public boolean isUp() {
        return state.equals("UP");
    }
}
