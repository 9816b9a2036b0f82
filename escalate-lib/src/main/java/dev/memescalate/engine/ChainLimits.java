package dev.memescalate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.IndexMapping;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Slurm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Slurm accepts in one array job of this chain, and where its handler and the handler's guards run: the
 * config's settings combined with the cluster's own limits. The cluster's part is read with scontrol once, at
 * submit, and stored with the chain ({@link #toJson}), so a handler asks scontrol nothing.
 *
 * @param guardResources the resources of guard generation 1, 2, ...: twice the handler's memory and time, then four
 *     times, within what the handler's partitions allow
 * @param indexMapping whether a round that does not fit one array is renumbered (the config's, not stored here)
 */
record ChainLimits(ArrayLimits arrayLimits, JobResources handlerResources, List<JobResources> guardResources,
        IndexMapping indexMapping) {
    /** How many guards run a failed handler again, each with twice the resources of the one before. */
    static final int GUARD_GENERATIONS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    ChainLimits {
        guardResources = List.copyOf(guardResources);
    }

    static ChainLimits read(Slurm slurm, EscalationConfig config) {
        return of(slurm.clusterInfo(), config, Optional.empty());
    }

    /**
     * @param partitionOverride submit's --partition, which replaces every level's partitions: the handler runs there
     *     too unless the config names its partition
     */
    static ChainLimits of(ClusterInfo cluster, EscalationConfig config, Optional<List<String>> partitionOverride) {
        JobResources handler = HandlerResourcesResolver.resolve(config, cluster, partitionOverride);
        return new ChainLimits(arrayLimits(config, cluster.maxArraySize()), handler,
                HandlerResourcesResolver.guards(handler, cluster, GUARD_GENERATIONS),
                config.chainOptions().indexMapping());
    }

    private static ArrayLimits arrayLimits(EscalationConfig config, int maxArraySize) {
        return new ArrayLimits(config.maxArraySpecLength(), OptionalInt.of(maxArraySize), config.maxArrayTasks());
    }

    /** The resources of guard {@code generation} (1-based). */
    JobResources guardResources(int generation) {
        return guardResources.get(Math.min(generation, guardResources.size()) - 1);
    }

    /** The cluster's part, as stored with the chain: MaxArraySize and the handler's and guards' resources. */
    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("max_array_size", arrayLimits.maxArraySize().orElseThrow());
        root.set("handler", resources(handlerResources));
        ArrayNode guards = root.putArray("guards");
        guardResources.forEach(g -> guards.add(resources(g)));
        return root.toString();
    }

    /** The limits of a chain from what submit stored and the chain's config. */
    static ChainLimits fromJson(String json, EscalationConfig config) {
        try {
            JsonNode root = JSON.readTree(json);
            List<JobResources> guards = new ArrayList<>();
            root.path("guards").forEach(g -> guards.add(resources(g)));
            return new ChainLimits(arrayLimits(config, root.path("max_array_size").asInt()),
                    resources(root.path("handler")), guards, config.chainOptions().indexMapping());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the cluster limits stored with the chain cannot be read: " + json, e);
        }
    }

    private static ObjectNode resources(JobResources r) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode partitions = node.putArray("partitions");
        r.partitions().forEach(partitions::add);
        node.put("mem_mb", r.mem().megabytes());
        node.put("time_s", r.time().seconds());
        return node;
    }

    private static JobResources resources(JsonNode node) {
        List<String> partitions = new ArrayList<>();
        node.path("partitions").forEach(p -> partitions.add(p.asText()));
        return new JobResources(partitions, MemorySize.ofMegabytes(node.path("mem_mb").asLong()),
                new TimeLimit(node.path("time_s").asLong()));
    }
}
