package dev.memescalate.slurm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks before submission that every ladder level (and the handler) can run on the cluster at all. Pure.
 *
 * <p>Why: Slurm 22.05 with the default EnforcePartLimits=NO accepts a job whose {@code --time} is above the
 * partition's MaxTime and leaves it PENDING forever (reason PartitionTimeLimit); memory above every node is
 * rejected only at sbatch time ("Memory specification can not be satisfied"), possibly halfway up a ladder.
 *
 * <p>Multi-partition requests, measured on 22.05.8 with devel (MaxTime 1 min, 1024 MB node), day (1 min,
 * 2048 MB), week (2 min, 8192 MB): {@code -p day,week --time=2} and {@code -p week,day --time=2} both ran on week;
 * {@code -p devel,day --mem=1536M} ran on day; {@code -p devel,day --mem=4G} was rejected ("Memory specification
 * can not be satisfied"); {@code -p devel,day --time=5} pended with PartitionTimeLimit; {@code -p day,nosuch} was
 * rejected ("invalid partition specified: nosuch"). So a request is runnable when at least one of its partitions
 * can run it; a partition that cannot is reported as a note, unless none can (then each is a problem). An
 * unknown partition is always a problem, because sbatch rejects the whole job.
 */
public final class ResourceCheck {

    /** The handler's memory: it runs a JVM that reads sacct and calls sbatch. */
    public static final long HANDLER_MEMORY_MB = 512;

    /** The handler's time limit when the partition allows it. */
    public static final Duration HANDLER_TIME = Duration.ofMinutes(5);

    private ResourceCheck() {}

    public static ResourceCheckResult check(ClusterInfo cluster, List<ResourceRequest> requests) {
        return check(cluster, List.of(), requests);
    }

    /**
     * @param qos the cluster's QOS as sacctmgr knows them, for the QOS's MaxWall; empty when not asked (no request
     *     names a QOS, or the cluster has no accounting): QOS names are checked where they are read
     */
    public static ResourceCheckResult check(ClusterInfo cluster, List<QosInfo> qos, List<ResourceRequest> requests) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ResourceRequest request : requests) {
            checkOne(cluster, request, problems, notes);
            unknownFeatures(cluster, request).ifPresent(problems::add);
            qosMaxWall(cluster, qos, request, problems, notes);
        }
        return new ResourceCheckResult(problems, notes);
    }

    /**
     * The handler's resources: the first partition of the first level that can run a 512 MB job, 5 minutes or
     * that partition's MaxTime if shorter. Empty when no partition of the first level can run it.
     */
    public static Optional<ResourceRequest> handlerResources(ClusterInfo cluster, ResourceRequest firstLevel) {
        for (String name : partitionsOf(cluster, firstLevel)) {
            Optional<PartitionInfo> partition = cluster.partition(name);
            if (partition.isEmpty()) {
                continue;
            }
            long seconds = partition.get().maxTime()
                    .map(max -> Math.min(max.toSeconds(), HANDLER_TIME.toSeconds()))
                    .orElse(HANDLER_TIME.toSeconds());
            ResourceRequest handler = new ResourceRequest("handler", List.of(name), HANDLER_MEMORY_MB, seconds);
            boolean handlerFits = reasonsCannotRun(cluster, handler, partition.get()).isEmpty();
            boolean levelFits = reasonsCannotRun(cluster, firstLevel, partition.get()).isEmpty();
            if (handlerFits && levelFits) {
                return Optional.of(handler);
            }
        }
        return Optional.empty();
    }

    private static void checkOne(
            ClusterInfo cluster, ResourceRequest request, List<String> problems, List<String> notes) {
        List<String> names = partitionsOf(cluster, request);
        if (names.isEmpty()) {
            problems.add(request.label() + ": no partition given and cluster '" + cluster.clusterName()
                    + "' has no default partition; set the partition (existing: "
                    + String.join(", ", cluster.partitionNames()) + ")");
            return;
        }
        List<String> reasons = new ArrayList<>();
        boolean anyRunnable = false;
        for (String name : names) {
            Optional<PartitionInfo> partition = cluster.partition(name);
            if (partition.isEmpty()) {
                problems.add(request.label() + ": partition '" + name + "' does not exist on cluster '"
                        + cluster.clusterName() + "'; existing partitions: "
                        + String.join(", ", cluster.partitionNames()));
                continue;
            }
            List<String> cannotRun = reasonsCannotRun(cluster, request, partition.get());
            anyRunnable |= cannotRun.isEmpty();
            reasons.addAll(cannotRun);
        }
        if (anyRunnable) {
            notes.addAll(reasons);
        } else {
            problems.addAll(reasons);
        }
    }

    private static List<String> partitionsOf(ClusterInfo cluster, ResourceRequest request) {
        if (!request.partitions().isEmpty()) {
            return request.partitions();
        }
        return cluster.defaultPartition().map(p -> List.of(p.name())).orElse(List.of());
    }

    /** Every reason why this one partition cannot run the request, each a complete message; empty if it can. */
    static List<String> reasonsCannotRun(ClusterInfo cluster, ResourceRequest request, PartitionInfo partition) {
        String who = request.label() + ": partition '" + partition.name() + "'";
        String noun = requesterNoun(request.label());
        String asks = "the " + noun + " asks for ";
        String owner = "the " + noun + "'s";
        List<String> reasons = new ArrayList<>();
        if (!partition.isUp()) {
            reasons.add(who + " is " + partition.state() + " (State), so its jobs do not start; choose another"
                    + " partition or ask the cluster's administrators");
        }
        List<NodeInfo> nodes = cluster.nodesOf(partition);
        if (request.nodelist().isPresent()) {
            Asked<List<String>> wanted = request.nodelist().get();
            List<String> outside = wanted.value().stream().filter(n -> !partition.nodeNames().contains(n)).toList();
            if (!outside.isEmpty()) {
                reasons.add(who + " does not hold " + String.join(", ", outside) + " of " + wanted.from()
                        + " (its nodes: " + String.join(", ", partition.nodeNames()) + "); choose nodes of the"
                        + " partition or another partition");
            }
            nodes = nodes.stream().filter(n -> wanted.value().contains(n.name())).toList();
        }
        Optional<NodeInfo> largest = nodes.stream().max(Comparator.comparingLong(NodeInfo::realMemoryMb));
        if (largest.isEmpty()) {
            if (request.nodelist().isEmpty()) {
                reasons.add(who + " has no nodes; choose another partition");
            }
            return reasons;
        }
        if (largest.get().realMemoryMb() < request.memoryMb()) {
            reasons.add(who + " has no node with " + megabytes(request.memoryMb()) + " of memory (its largest node, "
                    + largest.get().name() + ", has " + megabytes(largest.get().realMemoryMb())
                    + " RealMemory), but " + asks + megabytes(request.memoryMb())
                    + "; choose a partition with larger nodes or lower " + owner + " memory");
        }
        OptionalLong maxMem = partition.maxMemPerNodeMb();
        if (maxMem.isPresent() && maxMem.getAsLong() < request.memoryMb()) {
            reasons.add(who + " allows at most " + megabytes(maxMem.getAsLong()) + " per node (MaxMemPerNode), but "
                    + asks + megabytes(request.memoryMb()) + "; choose another partition or lower " + owner
                    + " memory");
        }
        Optional<Duration> maxTime = partition.maxTime();
        long askedMinutes = request.minutesRoundedUp();
        if (maxTime.isPresent() && maxTime.get().toSeconds() < askedMinutes * 60) {
            boolean rounded = request.timeSeconds() % 60 != 0;
            reasons.add(who + " allows at most " + duration(maxTime.get().toSeconds()) + " (MaxTime), but " + asks
                    + duration(askedMinutes * 60) + (rounded ? " (Slurm rounds up to whole minutes)" : "")
                    + "; choose a partition with a longer MaxTime or lower " + owner + " time");
        }
        reasons.addAll(NodeFit.reasons(cluster, request, partition, nodes, who, asks));
        boolean eachFitsAlone = reasons.isEmpty();
        if (eachFitsAlone) {
            NodeFit.noSingleNode(request, partition, nodes, who).ifPresent(reasons::add);
        }
        return reasons;
    }

    /** The feature names of the request's constraint that no node of the cluster has: sbatch refuses those outright. */
    private static Optional<String> unknownFeatures(ClusterInfo cluster, ResourceRequest request) {
        if (request.constraint().isEmpty()) {
            return Optional.empty();
        }
        Asked<FeatureExpression> constraint = request.constraint().get();
        Set<String> known = new TreeSet<>();
        cluster.nodes().forEach(n -> known.addAll(n.features()));
        List<String> unknown = constraint.value().names().stream().filter(n -> !known.contains(n)).sorted().toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(request.label() + ": constraint '" + constraint.value().text() + "' of " + constraint.from()
                + " names " + String.join(", ", unknown) + ", which no node of cluster '" + cluster.clusterName()
                + "' has (sbatch refuses it: \"Invalid feature specification\"); the nodes' features: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    /**
     * A QOS whose MaxWall is below the asked time: with AccountingStorageEnforce=limits the job would wait forever
     * (QOSMaxWallDurationPerJobLimit), so it is a problem; where limits are not enforced Slurm runs it, so a note.
     */
    private static void qosMaxWall(ClusterInfo cluster, List<QosInfo> qos, ResourceRequest request,
            List<String> problems, List<String> notes) {
        if (request.qos().isEmpty()) {
            return;
        }
        Asked<String> asked = request.qos().get();
        Optional<Duration> maxWall = qos.stream().filter(q -> q.name().equals(asked.value())).findFirst()
                .flatMap(QosInfo::maxWall);
        long askedSeconds = request.minutesRoundedUp() * 60;
        if (maxWall.isEmpty() || maxWall.get().toSeconds() >= askedSeconds) {
            return;
        }
        String noun = requesterNoun(request.label());
        String message = request.label() + ": QOS '" + asked.value() + "' (" + asked.from() + ") allows at most "
                + duration(maxWall.get().toSeconds()) + " (MaxWall), but the " + noun + " asks for "
                + duration(askedSeconds);
        if (cluster.enforcesQosLimits()) {
            problems.add(message + ", so the job would wait forever (QOSMaxWallDurationPerJobLimit); lower the "
                    + noun + "'s time or choose a QOS with a longer MaxWall");
        } else {
            notes.add(message + "; this cluster does not enforce QOS limits (AccountingStorageEnforce="
                    + cluster.accountingStorageEnforce() + "), so Slurm runs it anyway");
        }
    }

    /** "level 2" -> "level", "handler" -> "handler": how the second half of a message refers back to it. */
    private static String requesterNoun(String label) {
        return label.replaceFirst("\\s+\\d+$", "");
    }

    static String megabytes(long mb) {
        return mb + " MB";
    }

    /** {@code 1 minute}, {@code 2 minutes}, {@code 1 day 2 hours 30 minutes}, {@code 45 seconds}. */
    static String duration(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        List<String> parts = new ArrayList<>();
        addUnit(parts, days, "day");
        addUnit(parts, hours, "hour");
        addUnit(parts, minutes, "minute");
        addUnit(parts, rest, "second");
        return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
    }

    private static void addUnit(List<String> parts, long amount, String unit) {
        if (amount > 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
