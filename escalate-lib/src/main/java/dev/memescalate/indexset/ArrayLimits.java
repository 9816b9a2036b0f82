package dev.memescalate.indexset;

import java.util.OptionalInt;

/**
 * What one {@code --array} submission may hold.
 *
 * @param maxSpecLength longest {@code --array} value, throttle suffix included: 4096 in slurmctld
 *     ({@code strlen(array_inx) too big (4097 > 4096)}); the config may set a lower {@code max_array_spec_len}
 * @param maxArraySize the cluster's MaxArraySize when known: every index must be below it (default 1001; read the
 *     real value with {@code scontrol show config})
 * @param maxTasksPerArray an optional cap on the number of tasks in one submission
 */
public record ArrayLimits(int maxSpecLength, OptionalInt maxArraySize, OptionalInt maxTasksPerArray) {
    /** slurmctld rejects a longer {@code --array} string: "Pathname of a file, directory or other parameter too long". */
    public static final int SLURM_MAX_SPEC_LENGTH = 4096;

    public ArrayLimits {
        if (maxSpecLength < 1) {
            throw new IllegalArgumentException("maxSpecLength must be at least 1, got " + maxSpecLength);
        }
        if (maxArraySize.isPresent() && maxArraySize.getAsInt() < 1) {
            throw new IllegalArgumentException("maxArraySize must be at least 1, got " + maxArraySize.getAsInt());
        }
        if (maxTasksPerArray.isPresent() && maxTasksPerArray.getAsInt() < 1) {
            throw new IllegalArgumentException("maxTasksPerArray must be at least 1, got " + maxTasksPerArray.getAsInt());
        }
    }

    /** Slurm's spec-length limit, MaxArraySize unknown, no task cap. */
    public static ArrayLimits slurm() {
        return new ArrayLimits(SLURM_MAX_SPEC_LENGTH, OptionalInt.empty(), OptionalInt.empty());
    }

    public ArrayLimits withMaxSpecLength(int length) {
        return new ArrayLimits(length, maxArraySize, maxTasksPerArray);
    }

    public ArrayLimits withMaxArraySize(int size) {
        return new ArrayLimits(maxSpecLength, OptionalInt.of(size), maxTasksPerArray);
    }

    public ArrayLimits withMaxTasksPerArray(int tasks) {
        return new ArrayLimits(maxSpecLength, maxArraySize, OptionalInt.of(tasks));
    }
}
