package dev.memescalate.engine;

import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.Renumbering;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a round's array jobs say of the indices Slurm knows their tasks by. A job keeps its tasks' real indices and
 * the {@code --array} spec it was submitted with; the {@code k}-th index of the spec runs the {@code k}-th task. They
 * are the same set unless the round was renumbered ({@link ArrayParts}), so jobs recorded before renumbering existed
 * read as they always did.
 */
final class RoundArrays {
    private RoundArrays() {
    }

    /** How Slurm's indices of this array job map to its tasks' own; empty when they are the same. */
    static Optional<Renumbering> renumbering(JobRecord array) {
        if (array.key().role() != JobRole.ARRAY || array.indices().isEmpty() || array.arraySpec().isEmpty()) {
            return Optional.empty();
        }
        IndexSet tasks = array.indices().get();
        IndexSet submitted = ArraySpec.parse(array.arraySpec().get()).indices();
        return submitted.equals(tasks) ? Optional.empty() : Optional.of(Renumbering.between(submitted, tasks));
    }

    /** The renumbered arrays among {@code submittedArrays} (each with its Slurm job id), by job id. */
    static Map<String, Renumbering> renumbered(Collection<JobRecord> submittedArrays) {
        Map<String, Renumbering> renumbered = new LinkedHashMap<>();
        for (JobRecord array : submittedArrays) {
            renumbering(array).ifPresent(r -> renumbered.put(array.slurmJobId().orElseThrow(), r));
        }
        return renumbered;
    }
}
