package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-node part of {@link ResourceCheck}: whether a partition has a node with the CPUs, generic resources and
 * features a request asks for, each on its own and then all on one node (a job of one task runs on one node). Pure.
 *
 * <p>Measured on 22.05.8 (local cluster, 4 CPUs per node, {@code fpga:2} on pi1, features bigmem on week1 and pi1):
 * {@code -c 8} was refused ("CPU count per node can not be satisfied"), {@code -p day --gres=fpga:1} and
 * {@code -p pi_jetz --gres=fpga:3} ("Requested node configuration is not available"), {@code -p day -C bigmem} (the
 * same), and {@code -p day,pi_jetz --gres=fpga:1} ran on pi_jetz.
 */
final class NodeFit {
    private NodeFit() {
    }

    /** A reason per kind of resource no node of the partition has enough of. */
    static List<String> reasons(ClusterInfo cluster, ResourceRequest request, PartitionInfo partition,
            List<NodeInfo> nodes, String who, String asks) {
        List<String> reasons = new ArrayList<>();
        String noun = asks.substring("the ".length(), asks.indexOf(" asks"));
        if (request.cpusPerTask().isPresent()) {
            Asked<Integer> cpus = request.cpusPerTask().get();
            OptionalInt maxPerNode = partition.maxCpusPerNode();
            NodeInfo widest = nodes.stream().max(Comparator.comparingInt(NodeInfo::cpus)).orElseThrow();
            if (maxPerNode.isPresent() && maxPerNode.getAsInt() < cpus.value()) {
                reasons.add(who + " allows at most " + maxPerNode.getAsInt() + " CPUs per node (MaxCPUsPerNode), but "
                        + asks + cpus.value() + " CPUs per task (" + cpus.from() + "); choose another partition or"
                        + " ask for fewer CPUs");
            } else if (widest.cpus() < cpus.value()) {
                reasons.add(who + " has no node with " + cpus.value() + " CPUs (its largest node, " + widest.name()
                        + ", has " + widest.cpus() + " CPUTot), but " + asks + cpus.value() + " CPUs per task ("
                        + cpus.from() + "); choose a partition with larger nodes or ask for fewer CPUs");
            }
        }
        if (request.gres().isPresent()) {
            Asked<List<Gres>> gres = request.gres().get();
            for (Gres wanted : gres.value()) {
                boolean someNodeHasIt = nodes.stream().anyMatch(n -> n.gres().stream().anyMatch(wanted::isMetBy));
                if (!someNodeHasIt) {
                    reasons.add(who + " has no node with the generic resource " + wanted + " (its nodes have "
                            + describeGres(nodes) + "), but " + asks + "it (gres of " + gres.from() + "); "
                            + elsewhere(cluster, n -> n.gres().stream().anyMatch(wanted::isMetBy), "gres"));
                }
            }
        }
        if (request.constraint().isPresent()) {
            Asked<FeatureExpression> constraint = request.constraint().get();
            boolean judged = constraint.value().alternatives().isPresent();
            boolean someNodeHasThem = nodes.stream()
                    .anyMatch(n -> constraint.value().isMetBy(n.features()).orElse(true));
            if (judged && !someNodeHasThem) {
                reasons.add(who + " has no node with the features " + constraint.value().text() + " (its nodes have "
                        + describeFeatures(nodes) + "), but the " + noun + "'s constraint asks for them ("
                        + constraint.from() + "); " + elsewhere(cluster,
                                n -> constraint.value().isMetBy(n.features()).orElse(false), "constraint"));
            }
        }
        return reasons;
    }

    /**
     * When each resource fits some node of the partition but no node has them all: memory, CPUs, generic resources
     * and features together.
     */
    static Optional<String> noSingleNode(ResourceRequest request, PartitionInfo partition, List<NodeInfo> nodes,
            String who) {
        boolean asksMoreThanMemory = request.cpusPerTask().isPresent() || request.gres().isPresent()
                || request.constraint().isPresent();
        if (!asksMoreThanMemory || nodes.stream().anyMatch(n -> fits(request, partition, n))) {
            return Optional.empty();
        }
        List<String> wants = new ArrayList<>();
        wants.add(request.memoryMb() + " MB");
        request.cpusPerTask().ifPresent(c -> wants.add(c.value() + " CPUs"));
        request.gres().ifPresent(g -> g.value().forEach(item -> wants.add("gres " + item)));
        request.constraint().ifPresent(c -> wants.add("the features " + c.value().text()));
        return Optional.of(who + " has no single node with " + String.join(", ", wants) + " together (a task runs on"
                + " one node; its nodes: " + String.join("; ", nodes.stream().map(NodeFit::describe).toList())
                + "); choose another partition or ask for less");
    }

    private static boolean fits(ResourceRequest request, PartitionInfo partition, NodeInfo node) {
        long usableMemory = partition.maxMemPerNodeMb().isPresent()
                ? Math.min(node.realMemoryMb(), partition.maxMemPerNodeMb().getAsLong())
                : node.realMemoryMb();
        boolean memory = usableMemory >= request.memoryMb();
        boolean cpus = node.cpus() >= request.cpus();
        boolean gres = request.gres().map(g -> g.value().stream()
                .allMatch(wanted -> node.gres().stream().anyMatch(wanted::isMetBy))).orElse(true);
        boolean features = request.constraint().map(c -> c.value().isMetBy(node.features()).orElse(true))
                .orElse(true);
        return memory && cpus && gres && features;
    }

    /** What to do: the partitions that do have such a node, or "no partition of the cluster has it". */
    private static String elsewhere(ClusterInfo cluster, java.util.function.Predicate<NodeInfo> has, String key) {
        Set<String> partitions = new TreeSet<>();
        cluster.nodes().stream().filter(has).forEach(n -> partitions.addAll(n.partitions()));
        return partitions.isEmpty()
                ? "no partition of cluster '" + cluster.clusterName() + "' has such a node: change the " + key
                : "choose a partition with such nodes (" + String.join(", ", partitions) + ") or change the " + key;
    }

    private static String describeGres(List<NodeInfo> nodes) {
        Set<String> all = new TreeSet<>();
        nodes.forEach(n -> n.gres().forEach(g -> all.add(g.toString())));
        return all.isEmpty() ? "none" : String.join(", ", all);
    }

    private static String describeFeatures(List<NodeInfo> nodes) {
        Set<String> all = new TreeSet<>();
        nodes.forEach(n -> all.addAll(n.features()));
        return all.isEmpty() ? "none" : String.join(", ", all);
    }

    private static String describe(NodeInfo node) {
        List<String> parts = new ArrayList<>();
        parts.add(node.realMemoryMb() + " MB");
        parts.add(node.cpus() + " CPUs");
        node.gres().forEach(g -> parts.add("gres " + g));
        if (!node.features().isEmpty()) {
            parts.add("features " + String.join(",", new TreeSet<>(node.features())));
        }
        return node.name() + " " + String.join(", ", parts);
    }
}
