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
        HandlerResources wanted = config.handler();
        Level first = config.ladder().level(0);
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
