package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import dev.memescalate.indexset.IndexSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One Slurm job of a chain, from the moment it is intended until it is submitted, failed or cancelled.
 *
 * @param argv the full sbatch argv
 * @param indices the task indices of an ARRAY part (empty for HANDLER and FINALIZER jobs)
 * @param arraySpec the {@code --array} text of an ARRAY part
 * @param claimOwner who is running sbatch for it (see {@link StoreTransaction#claimJob})
 * @param lastError the last sbatch failure, if any
 */
public record JobRecord(
        JobKey key,
        String jobName,
        List<String> argv,
        Optional<IndexSet> indices,
        Optional<String> arraySpec,
        JobStatus status,
        Optional<String> slurmJobId,
        Optional<String> claimOwner,
        Optional<Instant> claimedAt,
        Instant intendedAt,
        Optional<Instant> submittedAt,
        Optional<String> lastError) {

    public JobRecord {
        requireNonNull(key, "key");
        requireNonNull(jobName, "jobName");
        argv = List.copyOf(argv);
        requireNonNull(indices, "indices");
        requireNonNull(arraySpec, "arraySpec");
        requireNonNull(status, "status");
        requireNonNull(slurmJobId, "slurmJobId");
        requireNonNull(claimOwner, "claimOwner");
        requireNonNull(claimedAt, "claimedAt");
        requireNonNull(intendedAt, "intendedAt");
        requireNonNull(submittedAt, "submittedAt");
        requireNonNull(lastError, "lastError");
    }

    /** A job recorded before sbatch runs (status INTENDED). */
    public static JobRecord intended(
            JobKey key,
            String jobName,
            List<String> argv,
            Optional<IndexSet> indices,
            Optional<String> arraySpec,
            Instant intendedAt) {
        return new JobRecord(key, jobName, argv, indices, arraySpec, JobStatus.INTENDED, Optional.empty(),
                Optional.empty(), Optional.empty(), intendedAt, Optional.empty(), Optional.empty());
    }
}
