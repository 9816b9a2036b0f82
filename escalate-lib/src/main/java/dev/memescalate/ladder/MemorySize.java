package dev.memescalate.ladder;

/**
 * A memory amount as Slurm's {@code --mem} takes it, held in whole megabytes (Slurm's unit: a plain number is MB).
 *
 * <p>PLACEHOLDER parse: the config work gives it every form Slurm accepts.
 */
public record MemorySize(long megabytes) implements Comparable<MemorySize> {
    public MemorySize {
        if (megabytes <= 0) {
            throw new IllegalArgumentException("memory must be > 0 MB, got " + megabytes);
        }
    }

    public static MemorySize ofMegabytes(long megabytes) {
        return new MemorySize(megabytes);
    }

    /** The {@code --mem} value: whole gigabytes as {@code 2G}, else megabytes as {@code 1536M}. */
    public String toSlurm() {
        return megabytes % 1024 == 0 ? (megabytes / 1024) + "G" : megabytes + "M";
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(megabytes, other.megabytes);
    }

    @Override
    public String toString() {
        return toSlurm();
    }
}
