package dev.memescalate.slurm;

import java.util.List;

/**
 * The outcome of a {@link ResourceCheck}.
 *
 * @param problems complete user messages, one per limit that makes a request impossible to run; non-empty means
 *     do not submit
 * @param notes complete user messages about partitions of a multi-partition request that cannot run it while
 *     another one can (Slurm then uses the one that fits): worth showing, not fatal
 */
public record ResourceCheckResult(List<String> problems, List<String> notes) {
    public ResourceCheckResult {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean isRunnable() {
        return problems.isEmpty();
    }
}
