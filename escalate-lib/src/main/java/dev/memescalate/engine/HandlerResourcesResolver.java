package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.HandlerResources;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.PartitionInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a chain's handler jobs run: the config's {@code handler:} section, each missing key filled with its default —
 * the first level's first partition, 512M, and 5 minutes or that partition's MaxTime if shorter. The handler waits
 * for sacct within its own time limit, so a short partition makes for a short wait: give the handler a partition
 * with a longer MaxTime in the config if sacct is slow on your cluster.
 */
public final class HandlerResourcesResolver {
    static final MemorySize DEFAULT_MEMORY = MemorySize.ofMegabytes(512);
    static final TimeLimit DEFAULT_TIME = TimeLimit.ofMinutes(5);

    private HandlerResourcesResolver() {
    }

    public static JobResources resolve(EscalationConfig config, ClusterInfo cluster) {
        HandlerResources wanted = config.handler();
        List<String> partitions = wanted.partitions().orElse(List.of(config.ladder().level(0).partitions().get(0)));
        MemorySize mem = wanted.mem().orElse(DEFAULT_MEMORY);
        TimeLimit time = wanted.time().orElseGet(() -> defaultTime(partitions, cluster));
        return new JobResources(partitions, mem, time);
    }

    /** 5 minutes, or less where every one of the partitions allows less (Slurm runs it in one that fits). */
    private static TimeLimit defaultTime(List<String> partitions, ClusterInfo cluster) {
        Optional<Duration> longestMax = Optional.empty();
        for (String name : partitions) {
            Optional<Duration> max = cluster.partition(name).flatMap(PartitionInfo::maxTime);
            if (max.isEmpty()) {
                return DEFAULT_TIME; // unlimited (or unknown: pre-flight reports it)
            }
            if (longestMax.isEmpty() || max.get().compareTo(longestMax.get()) > 0) {
                longestMax = max;
            }
        }
        long seconds = Math.min(DEFAULT_TIME.seconds(), longestMax.map(Duration::getSeconds).orElse(DEFAULT_TIME.seconds()));
        return new TimeLimit(Math.max(60, seconds));
    }
}
