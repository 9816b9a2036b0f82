package dev.memescalate.slurm;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which jobs {@link Slurm#queue} lists: by job id or by exact job name, never everything on the cluster.
 *
 * @param jobIds job ids ({@code 123}) or array task ids ({@code 123_4}); empty when querying by name
 * @param names exact job names; empty when querying by id
 * @param includeFinished also list jobs that ended but are still in slurmctld's memory (MinJobAge, default 300 s),
 *     as {@code squeue -t all} does; otherwise only pending, running and other active states
 * @param expandArrays one line per array task, pending ones too ({@code squeue -r}), instead of a line such as
 *     {@code 134_[6-11%4]} for the pending rest of an array
 */
public record QueueQuery(Set<String> jobIds, Set<String> names, boolean includeFinished, boolean expandArrays) {

    private static final Pattern JOB_ID = Pattern.compile("\\d+(_\\d+)?");

    public QueueQuery {
        jobIds = Set.copyOf(jobIds);
        names = Set.copyOf(names);
        boolean byIds = !jobIds.isEmpty();
        boolean byNames = !names.isEmpty();
        if (byIds == byNames) {
            throw new IllegalArgumentException(
                    "a queue query needs either job ids or job names (exactly one of them), got ids=" + jobIds
                            + " names=" + names);
        }
        for (String id : jobIds) {
            if (!JOB_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("job id must look like 123 or 123_4, got '" + id + "'");
            }
        }
        for (String name : names) {
            // squeue --name takes a comma-separated list, so a comma inside a name cannot be asked for exactly.
            if (name.isEmpty() || name.contains(",")) {
                throw new IllegalArgumentException("job name must be non-empty and without commas, got '" + name + "'");
            }
        }
    }

    public static QueueQuery byJobIds(Set<String> jobIds) {
        return new QueueQuery(jobIds, Set.of(), false, false);
    }

    public static QueueQuery byNames(Set<String> names) {
        return new QueueQuery(Set.of(), names, false, false);
    }

    public QueueQuery includingFinished() {
        return new QueueQuery(jobIds, names, true, expandArrays);
    }

    public QueueQuery expandingArrays() {
        return new QueueQuery(jobIds, names, includeFinished, true);
    }
}
