package dev.memescalate.slurm;

/**
 * sacct's {@code ReqMem}: the requested memory in whole megabytes (rounded up), and whether it is per CPU. Slurm
 * 22.05 prints {@code 200M} (per node or job); Slurm before 21.08 appended {@code n} (per node) or {@code c} (per
 * CPU): {@code 4000Mn}, {@code 4000Mc}.
 */
public record RequestedMemory(long megabytes, boolean perCpu) {
    public RequestedMemory {
        if (megabytes < 0) {
            throw new IllegalArgumentException("requested memory must be >= 0 MB, got " + megabytes);
        }
    }
}
