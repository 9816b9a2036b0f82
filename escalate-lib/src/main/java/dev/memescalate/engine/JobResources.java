package dev.memescalate.engine;

import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.slurm.ResourceRequest;
import java.util.List;

/** Where and with what one job runs: the {@code --partition}, {@code --mem} and {@code --time} of an sbatch call. */
public record JobResources(List<String> partitions, MemorySize mem, TimeLimit time) {
    public JobResources {
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one partition");
        }
    }

    public static JobResources of(Level level) {
        return new JobResources(level.partitions(), level.mem(), level.time());
    }

    /** The same resources as the pre-flight check takes them, named for its messages ("level 2", "handler"). */
    public ResourceRequest asRequest(String label) {
        return new ResourceRequest(label, partitions, mem.megabytes(), time.seconds());
    }

    public List<String> sbatchOptions() {
        return List.of(
                "--partition=" + String.join(",", partitions),
                "--mem=" + mem.toSlurm(),
                "--time=" + time.toSlurm());
    }
}
