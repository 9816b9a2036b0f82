package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.HandlerResources;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.PartitionInfo;
import dev.memescalate.slurm.ResourceCheck;
import dev.memescalate.slurm.ResourceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a chain's handler jobs run: the config's {@code handler:} section, each missing key filled with its default.
 * Without a partition: the first partition of the first level that can run the handler (512M, 5 minutes or the
 * partition's MaxTime if shorter; see {@link ResourceCheck#handlerResources}). With a partition but no time: 5
 * minutes, or less where the partitions allow less. The handler waits for sacct within its own time limit, so a
 * short partition makes for a short wait: name one with a longer MaxTime in the config if sacct is slow.
 */
public final class HandlerResourcesResolver {
    static final long DEFAULT_MEMORY_MB = 512;
    static final TimeLimit DEFAULT_TIME = TimeLimit.ofMinutes(5);

    private HandlerResourcesResolver() {
    }

    public static JobResources resolve(EscalationConfig config, ClusterInfo cluster) {
        return resolve(config, cluster, Optional.empty());
    }

    /** @param partitionOverride submit's --partition, standing for level 0's partitions */
    static JobResources resolve(EscalationConfig config, ClusterInfo cluster,
            Optional<List<String>> partitionOverride) {
        HandlerResources wanted = config.handler();
        Level configured = config.ladder().level(0);
        Level first = partitionOverride.map(p -> new Level(0, p, configured.mem(), configured.time()))
                .orElse(configured);
        Optional<ResourceRequest> fallback = wanted.partitions().isPresent()
                ? Optional.empty()
                : ResourceCheck.handlerResources(cluster, JobResources.of(first).asRequest("level 0"));
        List<String> partitions = wanted.partitions()
                .or(() -> fallback.map(ResourceRequest::partitions))
                .orElse(List.of(first.partitions().get(0)));
        MemorySize mem = wanted.mem().orElse(MemorySize.ofMegabytes(DEFAULT_MEMORY_MB));
        TimeLimit time = wanted.time()
                .or(() -> fallback.map(r -> new TimeLimit(r.timeSeconds())))
                .orElseGet(() -> defaultTime(partitions, cluster));
        return new JobResources(partitions, mem, time);
    }

    /**
     * The resources of guards of {@code handler}, generation 1 to {@code generations}: twice the memory and time of
     * the generation before, within what the handler's partitions allow (their largest node's memory, and their
     * longest MaxTime). A guard that cannot get more than the one before gets the same again.
     */
    static List<JobResources> guards(JobResources handler, ClusterInfo cluster, int generations) {
        long maxMemoryMb = Long.MAX_VALUE;
        long maxSeconds = Long.MAX_VALUE;
        long largestNode = 0;
        long longestTime = 0;
        boolean anyLimitedTime = true;
        for (String name : handler.partitions()) {
            Optional<PartitionInfo> partition = cluster.partition(name);
            if (partition.isEmpty()) {
                continue;
            }
            for (var node : cluster.nodesOf(partition.get())) {
                long usable = partition.get().maxMemPerNodeMb().isPresent()
                        ? Math.min(node.realMemoryMb(), partition.get().maxMemPerNodeMb().getAsLong())
                        : node.realMemoryMb();
                largestNode = Math.max(largestNode, usable);
            }
            Optional<Duration> max = partition.get().maxTime();
            if (max.isEmpty()) {
                anyLimitedTime = false;
            } else {
                longestTime = Math.max(longestTime, max.get().toSeconds());
            }
        }
        if (largestNode > 0) {
            maxMemoryMb = largestNode;
        }
        if (anyLimitedTime && longestTime > 0) {
            maxSeconds = longestTime;
        }
        List<JobResources> guards = new java.util.ArrayList<>();
        long mem = handler.mem().megabytes();
        long seconds = handler.time().seconds();
        for (int g = 1; g <= generations; g++) {
            mem = Math.max(handler.mem().megabytes(), Math.min(mem * 2, maxMemoryMb));
            seconds = Math.max(handler.time().seconds(), Math.min(seconds * 2, maxSeconds));
            guards.add(new JobResources(handler.partitions(), MemorySize.ofMegabytes(mem), new TimeLimit(seconds)));
        }
        return List.copyOf(guards);
    }

    /** 5 minutes, or the longest MaxTime among the partitions when that is shorter (Slurm runs it where it fits). */
    private static TimeLimit defaultTime(List<String> partitions, ClusterInfo cluster) {
        long longestMax = 0;
        for (String name : partitions) {
            Optional<Duration> max = cluster.partition(name).flatMap(PartitionInfo::maxTime);
            if (max.isEmpty()) {
                return DEFAULT_TIME; // unlimited, or an unknown partition that pre-flight reports
            }
            longestMax = Math.max(longestMax, max.get().toSeconds());
        }
        return new TimeLimit(Math.max(60, Math.min(DEFAULT_TIME.seconds(), longestMax)));
    }
}
