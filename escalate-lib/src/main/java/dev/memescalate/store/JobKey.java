package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

/**
 * Names one submitted (or to-be-submitted) Slurm job of a chain.
 *
 * @param part 0, 1, ... when a round's array is split over several sbatch calls; 0 otherwise
 */
public record JobKey(String chainId, int round, JobRole role, int part) {
    public JobKey {
        requireNonNull(chainId, "chainId");
        requireNonNull(role, "role");
        if (round < 1) {
            throw new IllegalArgumentException("round must be >= 1, got " + round);
        }
        if (part < 0) {
            throw new IllegalArgumentException("part must be >= 0, got " + part);
        }
    }
}
