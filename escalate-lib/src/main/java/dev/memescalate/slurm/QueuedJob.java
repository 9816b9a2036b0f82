package dev.memescalate.slurm;

import java.util.Optional;

/**
 * One line of squeue output.
 *
 * @param jobId squeue's %i: {@code 123}, {@code 123_4}, or a pending array range {@code 123_[5-9%2]}
 * @param arrayJobId squeue's %F: the array's base job id; for a job that is not an array, its own id
 * @param name the job name
 * @param state the job state (squeue's long form, e.g. PENDING)
 * @param reason why it is pending or how it ended ({@code None}, {@code Dependency}, {@code PartitionTimeLimit},
 *     {@code DependencyNeverSatisfied}, ...)
 * @param dependency the remaining dependency, e.g. {@code afterok:134_*(failed)}; empty when squeue says
 *     {@code (null)}
 */
public record QueuedJob(
        String jobId, String arrayJobId, String name, JobState state, String reason, Optional<String> dependency) {}
