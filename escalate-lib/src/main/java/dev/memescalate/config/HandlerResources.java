package dev.memescalate.config;

import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import java.util.List;
import java.util.Optional;

/**
 * The handler job's resources from the config's {@code handler} section. Each is optional: when absent, the
 * submitter picks a value that fits the cluster (it knows the partitions; the config does not).
 */
public record HandlerResources(Optional<List<String>> partitions, Optional<MemorySize> mem, Optional<TimeLimit> time) {
    public HandlerResources {
        partitions = partitions.map(List::copyOf);
    }

    /** No handler section: everything decided from the cluster. */
    public static HandlerResources unspecified() {
        return new HandlerResources(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
