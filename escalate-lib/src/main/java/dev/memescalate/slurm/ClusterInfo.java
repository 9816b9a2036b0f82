package dev.memescalate.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The limits and layout of a cluster, read from {@code scontrol show config}, {@code show partition -o} and
 * {@code show node -o}.
 *
 * @param clusterName ClusterName
 * @param slurmVersion SLURM_VERSION, e.g. 22.05.8
 * @param maxArraySize MaxArraySize: array indices must be below it (default 1001, so the highest index is 1000)
 * @param minJobAge MinJobAge: how long slurmctld keeps an ended job (default 300 s); after that squeue and a
 *     dependency no longer know it
 * @param enforcePartLimits EnforcePartLimits: NO (default: a job above a partition limit pends forever), ANY or
 *     ALL (it is rejected at submission)
 * @param accountingStorageType AccountingStorageType: {@code accounting_storage/slurmdbd} when sacctmgr knows the
 *     cluster's accounts and QOS, {@code accounting_storage/none} when there is no accounting
 * @param accountingStorageEnforce AccountingStorageEnforce: {@code none}, or a list such as
 *     {@code associations,limits,qos}; a QOS's MaxWall holds only with {@code limits} (or {@code safe})
 * @param partitions every partition, in scontrol's order
 * @param nodes every node, in scontrol's order
 * @param maxJobCount MaxJobCount (default 10000): slurmctld refuses a job array when the jobs it holds plus the
 *     array's tasks would reach it ("MaxJobCount limit from slurm.conf reached"; sbatch says "Slurm temporarily
 *     unable to accept job" and retries forever), so no array of that many tasks can ever be submitted
 */
public record ClusterInfo(
        String clusterName,
        String slurmVersion,
        int maxArraySize,
        Duration minJobAge,
        String enforcePartLimits,
        String accountingStorageType,
        String accountingStorageEnforce,
        List<PartitionInfo> partitions,
        List<NodeInfo> nodes,
        int maxJobCount) {

    /** Slurm's default MaxJobCount when slurm.conf does not set it. */
    public static final int DEFAULT_MAX_JOB_COUNT = 10000;

    public ClusterInfo {
        partitions = List.copyOf(partitions);
        nodes = List.copyOf(nodes);
    }

    /** A cluster with the default MaxJobCount. */
    public ClusterInfo(String clusterName, String slurmVersion, int maxArraySize, Duration minJobAge,
            String enforcePartLimits, String accountingStorageType, String accountingStorageEnforce,
            List<PartitionInfo> partitions, List<NodeInfo> nodes) {
        this(clusterName, slurmVersion, maxArraySize, minJobAge, enforcePartLimits, accountingStorageType,
                accountingStorageEnforce, partitions, nodes, DEFAULT_MAX_JOB_COUNT);
    }

    /** A cluster without accounting. */
    public ClusterInfo(String clusterName, String slurmVersion, int maxArraySize, Duration minJobAge,
            String enforcePartLimits, List<PartitionInfo> partitions, List<NodeInfo> nodes) {
        this(clusterName, slurmVersion, maxArraySize, minJobAge, enforcePartLimits, "accounting_storage/none", "none",
                partitions, nodes);
    }

    /** Whether slurmdbd keeps the accounts and QOS, so that sacctmgr can tell their names. */
    public boolean hasAccountingDatabase() {
        return accountingStorageType.endsWith("/slurmdbd");
    }

    /** Whether slurmctld holds jobs to their QOS's limits (MaxWall): AccountingStorageEnforce has limits or safe. */
    public boolean enforcesQosLimits() {
        List<String> flags = List.of(accountingStorageEnforce.toLowerCase(java.util.Locale.ROOT).split(","));
        return flags.contains("limits") || flags.contains("safe");
    }

    public Optional<NodeInfo> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<PartitionInfo> partition(String name) {
        return partitions.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The partition marked Default=YES, if any. */
    public Optional<PartitionInfo> defaultPartition() {
        return partitions.stream().filter(PartitionInfo::isDefault).findFirst();
    }

    public List<String> partitionNames() {
        return partitions.stream().map(PartitionInfo::name).toList();
    }

    /** The nodes listed in the partition's Nodes expression, in the order of {@link #nodes()}. */
    public List<NodeInfo> nodesOf(PartitionInfo partition) {
        Set<String> members = Set.copyOf(partition.nodeNames());
        return nodes.stream().filter(n -> members.contains(n.name())).toList();
    }
}
